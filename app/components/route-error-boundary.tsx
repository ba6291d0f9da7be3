/**
 * What a page shows when its loader or action refuses or fails, inside the
 * app's header and navigation (a route's boundary renders in its parent's
 * outlet). A refusal's own sentence is shown when it is one ("No such RFQ.");
 * framework texts, stacks and internal errors never are.
 */
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "Not allowed",
  404: "Not found",
  409: "Changed in the meantime",
  503: "Temporarily unavailable",
};

const FALLBACK: Record<number, string> = {
  400: "Something in the request was not what this page expects. Go back and try again.",
  403: "You are not allowed to do that.",
  404: "There is nothing here, or it is not yours to see. Check the address or go back to the dashboard.",
  409: "Someone changed this while you were looking at it. Reload the page and try again.",
  500: "Something went wrong on our side. Please try again.",
  503: "Quotient cannot reach its database just now. Please try again in a moment.",
};

/** A sentence a person can read: one line, no framework prefix, not a dump. */
function isPlainSentence(text: unknown): text is string {
  return (
    typeof text === "string" &&
    text.trim().length > 0 &&
    text.length <= 300 &&
    !/[\n<{]/.test(text) &&
    !/^\s*(Error|TypeError|ReferenceError|SyntaxError)\b/.test(text) &&
    !/No route matches/i.test(text)
  );
}

/** The status, title and message to show for whatever a route threw. */
export function describeRouteError(error: unknown): { status: number; title: string; message: string } {
  if (!isRouteErrorResponse(error)) {
    return { status: 500, title: "Something went wrong", message: FALLBACK[500] };
  }
  const status = error.status;
  const title = TITLES[status] ?? (status >= 500 ? "Something went wrong" : "That did not work");
  const fallback = FALLBACK[status] ?? (status >= 500 ? FALLBACK[500] : FALLBACK[400]);
  return { status, title, message: isPlainSentence(error.data) ? error.data : fallback };
}

export function RouteErrorBoundary() {
  const { title, message } = describeRouteError(useRouteError());
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </section>
  );
}
