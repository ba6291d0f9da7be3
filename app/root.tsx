import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";

import { roleLabels } from "./auth/ability";
import { abilityOf } from "./auth/request.server";
import { getCurrentUser } from "./auth/session.server";
import { navigationFor, type NavItem } from "./components/main-navigation";
import { getDb } from "./db.server";
import { localeOf } from "./i18n/i18n.server";
import { unreadCount } from "./models/shared/notifications.server";
import { RouteErrorBoundary } from "./components/route-error-boundary";
import { SiteHeader } from "./components/site-header";
import stylesHref from "./styles/app.css";
import headerStylesHref from "./styles/site-header.css";
import { useNonce } from "./utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "stylesheet", href: headerStylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = await Promise.all([getCurrentUser(request), localeOf(request)]);
  // Times are shown in the viewer's own zone, named; a signed-out page has no viewer and shows UTC.
  if (!user) return { locale, timeZone: "UTC", user: null, nav: [] as NavItem[], notifications: null };
  const ability = abilityOf(user);
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
  // The root's data is missing when its own loader failed or no route matched: then the header has no one to name.
  const data = useRouteLoaderData<typeof loader>("root");
  return <SiteHeader user={data?.user ?? null} nav={data?.nav ?? []} notifications={data?.notifications ?? null} />;
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
