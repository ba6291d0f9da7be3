import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";

import { getCurrentUser } from "./auth/session.server";
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
  const { user } = useLoaderData<typeof loader>();
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

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : error.statusText
    : "Something went wrong on our side. Please try again.";
  const title =
    status === 404
      ? "Not found"
      : status === 403
        ? "Not allowed"
        : status === 503
          ? "Temporarily unavailable"
          : "Error";
  return (
    <main className="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </main>
  );
}
