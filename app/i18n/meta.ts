/**
 * A page's <title> in the viewer's words: "Suppliers · Quotient". Meta
 * functions run outside React, so the locale comes from the root's data.
 */
import { translatorFor } from "./translator";

type Match = { id: string; data?: unknown };

export function titled(matches: readonly Match[], key: string, values?: Record<string, unknown>) {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  const t = translatorFor(root?.locale);
  return [{ title: `${t(key, values ?? {})} · ${t("Quotient")}` }];
}
