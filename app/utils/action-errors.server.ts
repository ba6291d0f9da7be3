/**
 * Turns the domain's refusals into what a form shows: field errors (400) or
 * a message at the top of the form (409). Anything else is rethrown.
 */
import { isWorkflowError } from "../../workflows/errors";

import { FormError } from "./errors";

export type ActionErrorBody = { errors: Record<string, string>; values?: Record<string, unknown> };

export function actionErrorResponse(error: unknown, values?: Record<string, unknown>): Response {
  if (error instanceof FormError) {
    return Response.json({ errors: error.fieldErrors, values } satisfies ActionErrorBody, { status: 400 });
  }
  if (isWorkflowError(error)) {
    if (error.status === 404) throw new Response(error.message, { status: 404 });
    return Response.json({ errors: { form: error.message }, values } satisfies ActionErrorBody, {
      status: error.status,
    });
  }
  throw error;
}
