import { msg } from "~/i18n/config";

/** Responses that stop a loader or action: thrown, caught by the ErrorBoundary. */
export function notFound(message: string = msg("Not found")): Response {
  return new Response(message, { status: 404 });
}

export function forbidden(message: string = msg("You are not allowed to do that.")): Response {
  return new Response(message, { status: 403 });
}

export function badRequest(message: string = msg("Bad request")): Response {
  return new Response(message, { status: 400 });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A route's id parameter; anything that is not a uuid cannot name a row, so it
 * is a 404 with the refusal's sentence ("No such RFQ."), a catalogue key.
 */
export function requireId(value: string | undefined, refusal: string): string {
  if (!value || !UUID.test(value)) throw notFound(refusal);
  return value;
}
