/**
 * Any address no other route matches. Answering it here, rather than letting
 * the router give up, runs the root loader first, so the "not found" page
 * keeps the header and the person's navigation.
 */
import { RouteErrorBoundary } from "~/components/route-error-boundary";
import { notFound } from "~/utils/http.server";

export async function loader() {
  throw notFound("There is no page at this address. Check it, or go back to the dashboard.");
}

export default function NotFound() {
  return null;
}

export { RouteErrorBoundary as ErrorBoundary };
