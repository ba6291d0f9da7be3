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

import { getCurrentUser } from "./auth/session.server";
import { RouteErrorBoundary } from "./components/route-error-boundary";
import stylesHref from "./styles/app.css";
import { useNonce } from "./utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return {
    user: user ? { name: user.name, email: user.email, role: user.role, orgName: user.orgName } : null,
  };
}

const NAV: Record<string, { to: string; label: string }[]> = {
  buyer: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/rfqs", label: "RFQs" },
    { to: "/pos", label: "Purchase orders" },
  ],
  finance: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/approvals", label: "Approvals" },
    { to: "/rfqs", label: "RFQs" },
    { to: "/pos", label: "Purchase orders" },
    { to: "/invoices", label: "Invoices" },
    { to: "/settings/approvals", label: "Approval policy" },
  ],
  admin: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/rfqs", label: "RFQs" },
    { to: "/pos", label: "Purchase orders" },
    { to: "/admin/outbox", label: "Outbox" },
  ],
  supplier: [
    { to: "/dashboard", label: "Dashboard" },
    { to: "/rfqs", label: "Invitations" },
    { to: "/pos", label: "Purchase orders" },
    { to: "/invoices", label: "Invoices" },
    { to: "/relationships", label: "Buyers" },
  ],
};

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
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
  const user = useRouteLoaderData<typeof loader>("root")?.user ?? null;
  return (
    <header className="topbar">
      <Link to={user ? "/dashboard" : "/login"} className="brand">
        Quotient
      </Link>
      {user ? (
        <>
          <nav aria-label="Main">
            {(NAV[user.role] ?? []).map((item) => (
              <NavLink key={item.to} to={item.to} prefetch="intent">
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="who">
            <span>
              {user.name} · {user.orgName} <span className="role">{user.role}</span>
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="link">
                Sign out
              </button>
            </Form>
          </div>
        </>
      ) : null}
    </header>
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
