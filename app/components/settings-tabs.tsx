/**
 * The settings section's tabs (organisation, ship-to addresses, approval
 * policy): links, one marked as the page shown. Which tabs a person sees is
 * asked of their ability by the loader (`settingsTabsFor`).
 */
import { NavLink } from "@remix-run/react";

import { useTranslation } from "~/i18n/react";

import type { NavItem } from "./main-navigation";

export function SettingsTabs({ tabs }: { tabs: NavItem[] }) {
  const { t } = useTranslation();
  if (tabs.length < 2) return null;
  return (
    <nav aria-label={t("Settings")} className="tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  );
}
