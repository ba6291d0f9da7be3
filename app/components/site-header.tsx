/**
 * The header on every page: the brand, the main navigation, the search box,
 * the notification count, who is signed in and signing out. On a wide
 * screen the navigation is a row of links; below the breakpoint it folds
 * into a menu built on <details>, so it opens without JavaScript, while the
 * notification count and "Sign out" stay in the band. Both navigations are
 * rendered and the stylesheet shows one, so only one is ever on screen or
 * in the accessibility tree.
 */
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

import { useTranslation } from "~/i18n/react";

import type { NavItem } from "./main-navigation";

export interface SiteHeaderProps {
  user: { name: string; email: string; roleLabels: string[]; orgName: string } | null;
  nav: readonly NavItem[];
  notifications: { unread: number } | null;
}

export function SiteHeader({ user, nav, notifications }: SiteHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <Link to={user ? "/dashboard" : "/login"} className="brand">
        {t("Quotient")}
      </Link>
      {user ? (
        <>
          <NarrowMenu nav={nav} />
          <nav aria-label={t("Main")} className="main-nav wide-only">
            <NavLinks nav={nav} />
          </nav>
          <Form method="get" action="/search" role="search" className="header-search">
            <label htmlFor="header-search" className="sr-only">
              {t("Search records")}
            </label>
            <input id="header-search" name="q" type="search" maxLength={200} placeholder={t("Search")} />
            <button type="submit" className="secondary">
              {t("Search")}
            </button>
          </Form>
          <div className="who">
            {notifications ? <NotificationsLink unread={notifications.unread} /> : null}
            <span className="identity">
              <Link to="/profile" title={t("Your profile")}>
                {user.name}
              </Link>{" "}
              · {user.orgName} <span className="role">{user.roleLabels.map((r) => t(r)).join(", ")}</span>
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="link">
                {t("Sign out")}
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </header>
  );
}

function NavLinks({ nav }: { nav: readonly NavItem[] }) {
  const { t } = useTranslation();
  return (
    <>
      {nav.map((item) => (
        <NavLink key={item.to} to={item.to} prefetch="intent">
          {t(item.label)}
        </NavLink>
      ))}
    </>
  );
}

/** The navigation folded for a narrow screen; closed again after each page change made in the browser. */
function NarrowMenu({ nav }: { nav: readonly NavItem[] }) {
  const { t } = useTranslation();
  const menu = useRef<HTMLDetailsElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [key]);
  return (
    <details ref={menu} className="site-menu narrow-only">
      <summary>
        <span aria-hidden="true">☰</span> {t("Menu")}
      </summary>
      <nav aria-label={t("Main")} className="main-nav">
        <NavLinks nav={nav} />
      </nav>
    </details>
  );
}

/** The way into the notification centre, with how many are unread in words a screen reader says whole. */
function NotificationsLink({ unread }: { unread: number }) {
  const { t } = useTranslation();
  return (
    <NavLink to="/notifications" end={false} className="notifications-link">
      {t("Notifications")}
      {unread > 0 ? (
        <>
          {" "}
          <span className="count" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
          <span className="sr-only">{t(", {{count}} unread", { count: unread })}</span>
        </>
      ) : null}
    </NavLink>
  );
}
