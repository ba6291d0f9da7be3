/**
 * The action's side of a form: read the post against the form's zod schema
 * (the same parse the browser runs, app/utils/submission.ts) and answer in
 * the shape conform's useForm reads as `lastResult`, so errors show next to
 * their fields and the typed values come back, also without JavaScript.
 *
 * What only the server checks stays here: names no form has (reserved or
 * absurd) are dropped before parsing, text holding NUL is refused, and
 * refusals from the domain (FormError, workflow errors) become replies.
 */
import type { Submission, SubmissionResult } from "@conform-to/react";
import type { z } from "zod";

import { isWorkflowError } from "../../workflows/errors";

import { FormError } from "./errors";
import type { FieldErrors } from "./form";
import { parseSubmission } from "./submission";

/** What an action answers a form with; the page passes it to useForm as `lastResult`. */
export type FormReply = SubmissionResult<string[]>;

export type ReadSubmission<T> =
  { ok: true; value: T; submission: Submission<unknown, string[], T> } | { ok: false; response: Response };

const INTENT = "__intent__";
const STATE = "__state__";
// The list operations our forms offer (add a line, remove a line) and conform's own validate.
const LIST_INTENTS = new Set(["insert", "remove", "validate"]);
const MAX_ROW = 999;
const FORBIDDEN = /(^|[.[])(__proto__|prototype|constructor)([.\]]|$)/;

function isListIntent(raw: string): boolean {
  try {
    const intent: unknown = JSON.parse(raw);
    if (typeof intent !== "object" || intent === null) return false;
    const { type, payload } = intent as { type?: unknown; payload?: unknown };
    if (typeof type !== "string" || !LIST_INTENTS.has(type) || typeof payload !== "object" || payload === null)
      return false;
    const { name, index } = payload as { name?: unknown; index?: unknown };
    return (
      (name === undefined || typeof name === "string") &&
      (index === undefined || (Number.isInteger(index) && (index as number) >= 0 && (index as number) <= MAX_ROW))
    );
  } catch {
    return false;
  }
}

/**
 * The post without what no form of ours sends: conform's state field, an
 * intent that is not a list operation we offer, names reaching
 * Object.prototype, and row numbers past any form's size.
 */
function sanitize(formData: FormData): FormData {
  const clean = new FormData();
  for (const [name, value] of formData.entries()) {
    if (name === STATE) continue;
    if (name === INTENT && (typeof value !== "string" || !isListIntent(value))) continue;
    if (FORBIDDEN.test(name)) continue;
    if ([...name.matchAll(/\[(\d+)\]/g)].some((m) => Number(m[1]) > MAX_ROW)) continue;
    clean.append(name, value);
  }
  return clean;
}

/** Fields holding a NUL character, which no Postgres text column can store. */
function nulFieldErrors(formData: FormData): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const [name, raw] of formData.entries()) {
    if (typeof raw === "string" && raw.includes("\u0000"))
      errors[name] = ["Remove the control character (NUL) from this field."];
  }
  return errors;
}

/** Passwords and the like are never sent back into the page. */
export type ReplyOptions = { hideFields?: string[] };

export function readSubmission<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  options: ReplyOptions & {
    /** Errors found before the schema ran (a bad upload): the post is refused with these beside the schema's. */
    fieldErrors?: FieldErrors;
  } = {},
): ReadSubmission<z.infer<S>> {
  const { fieldErrors: found = {}, ...reply } = options;
  const clean = sanitize(formData);
  const submission = parseSubmission(clean, schema) as Submission<unknown, string[], z.infer<S>>;
  const extra = { ...nulFieldErrors(clean) };
  for (const [key, message] of Object.entries(found)) extra[inputName(key)] = [message];
  if (Object.keys(extra).length > 0)
    return { ok: false, response: Response.json(submission.reply({ ...reply, fieldErrors: extra }), { status: 400 }) };
  if (submission.status === "success") return { ok: true, value: submission.value, submission };
  // A list operation (add or remove a line without JavaScript) is not a failed post: the page comes back with it done.
  return {
    ok: false,
    response: Response.json(submission.reply(reply), { status: submission.status === "error" ? 400 : 200 }),
  };
}

/** "lines.0.quantity" (how the domain names a field) -> "lines[0].quantity" (the input's name). */
export function inputName(path: string): string {
  return path.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** Field errors found after parsing (a check against the database), with the typed values kept. */
export function replyWithFieldErrors(
  submission: Submission<unknown, string[], unknown>,
  errors: FieldErrors,
  options: ReplyOptions & { status?: number } = {},
): Response {
  const { status = 400, ...reply } = options;
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const [key, message] of Object.entries(errors)) {
    if (key === "form" || key === "") formErrors.push(message);
    else fieldErrors[inputName(key)] = [message];
  }
  return Response.json(submission.reply({ ...reply, fieldErrors, formErrors }), { status });
}

/** A message for the whole form (a refused sign-in, a throttle), with the typed values kept. */
export function replyWithFormError(
  submission: Submission<unknown, string[], unknown>,
  message: string,
  options: ReplyOptions & { status?: number; headers?: HeadersInit } = {},
): Response {
  const { status = 400, headers, ...reply } = options;
  return Response.json(submission.reply({ ...reply, formErrors: [message] }), { status, headers });
}

/**
 * The domain's refusal as a reply: a FormError's field errors (400) or a
 * workflow's message at the top of the form (409). A missing record is a
 * 404 page; anything else is rethrown.
 */
export function replyWithError(
  submission: Submission<unknown, string[], unknown>,
  error: unknown,
  options: ReplyOptions = {},
): Response {
  if (error instanceof FormError) return replyWithFieldErrors(submission, error.fieldErrors, options);
  if (isWorkflowError(error)) {
    if (error.status === 404) throw new Response(error.message, { status: 404 });
    return replyWithFormError(submission, error.message, { ...options, status: error.status });
  }
  throw error;
}
