/**
 * What a page shows when its loader or action refuses or fails, inside the
 * app's header and navigation (a route's boundary renders in its parent's
 * outlet). A refusal's own sentence is shown when it is one ("No such RFQ.");
 * framework texts, stacks and internal errors never are.
 */
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

import { msg, translated } from "~/i18n/config";
import { useTranslation } from "~/i18n/react";

const TITLES: Record<number, string> = {
  400: msg("That request could not be understood"),
  403: msg("Not allowed"),
  404: msg("Not found"),
  409: msg("Changed in the meantime"),
  503: msg("Temporarily unavailable"),
};

const FALLBACK: Record<number, string> = {
  400: msg("Something in the request was not what this page expects. Go back and try again."),
  403: msg("You are not allowed to do that."),
  404: msg("There is nothing here, or it is not yours to see. Check the address or go back to the dashboard."),
  409: msg("Someone changed this while you were looking at it. Reload the page and try again."),
  500: msg("Something went wrong on our side. Please try again."),
  503: msg("Quotient cannot reach its database just now. Please try again in a moment."),
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
    return { status: 500, title: msg("Something went wrong"), message: FALLBACK[500] };
  }
  const status = error.status;
  const title = TITLES[status] ?? (status >= 500 ? msg("Something went wrong") : msg("That did not work"));
  const fallback = FALLBACK[status] ?? (status >= 500 ? FALLBACK[500] : FALLBACK[400]);
  return { status, title, message: isPlainSentence(error.data) ? error.data : fallback };
}

export function RouteErrorBoundary() {
  const { t } = useTranslation();
  const { title, message } = describeRouteError(useRouteError());
  // A refusal's own sentence is a catalogue key like the rest; one not in the catalogue shows as written.
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(title)}</h1>
      <p>{translated(t, message)}</p>
      <p>
        <Link to="/dashboard">{t("Back to the dashboard")}</Link>
      </p>
    </section>
  );
}
