import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from "@remix-run/react";

import { defineAbilityFor, roleLabels } from "./auth/ability";
import { getCurrentUser } from "./auth/session.server";
import { navigationFor, type NavItem } from "./components/main-navigation";
import { getDb } from "./db.server";
import { localeOf } from "./i18n/i18n.server";
import { useTranslation } from "./i18n/react";
import { unreadCount } from "./models/shared/notifications.server";
import { RouteErrorBoundary } from "./components/route-error-boundary";
import stylesHref from "./styles/app.css";
import { useNonce } from "./utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), localeOf(request)]);
  // Times are shown in the viewer's own zone, named; a signed-out page has no viewer and shows UTC.
  if (!user) return { locale, timeZone: "UTC", user: null, nav: [] as NavItem[], notifications: null };
  const ability = defineAbilityFor(user);
  return {
    locale,
    timeZone: user.timeZone,
    user: { name: user.name, email: user.email, roleLabels: roleLabels(user), orgName: user.orgName },
    // What the person may open, asked of their ability; the pages still refuse on their own.
    nav: navigationFor(ability),
    // Rendered by the server into the header, so it shows without JavaScript; one count on an index of unread rows.
    notifications: ability.can("read", "Notification")
      ? { unread: await unreadCount(await getDb(), user.userId) }
      : null,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  // The browser starts i18next in the locale the server rendered, read from here (app/entry.client.tsx).
  const locale = useRouteLoaderData<typeof loader>("root")?.locale ?? "en";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const { t } = useTranslation();
  // The root's data is missing when its own loader failed or no route matched: then the header has no one to name.
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user ?? null;
  const nav = data?.nav ?? [];
  return (
    <header className="topbar">
      <Link to={user ? "/dashboard" : "/login"} className="brand">
        {t("Quotient")}
      </Link>
      {user ? (
        <>
          <nav aria-label={t("Main")}>
            {nav.map((item) => (
              <NavLink key={item.to} to={item.to} prefetch="intent">
                {t(item.label)}
              </NavLink>
            ))}
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
            {data?.notifications ? <NotificationsLink unread={data.notifications.unread} /> : null}
            <span>
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

export default function App() {
  return (
    <>
      <Header />
      <main>
        <Outlet />
      </main>
    </>
  );
}

/**
 * Anything no page caught, and addresses no route matches. The header stays
 * (with the navigation when the person is known), so a mistyped address or a
 * refusal is never a dead end.
 */
export function ErrorBoundary() {
  return (
    <>
      <Header />
      <main>
        <RouteErrorBoundary />
      </main>
    </>
  );
}
