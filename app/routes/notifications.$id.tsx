/**
 * Following a notification: marks it read and leads to what it is about.
 * Reached by a plain link from the list (never prefetched); someone else's
 * notification does not exist for the person (404).
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

import { requireContext } from "~/auth/request.server";
import { openNotification } from "~/models/shared/notifications.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireContext(request);
  return redirect(await openNotification(ctx, { id: params.id ?? "" }));
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/route-error-boundary";
