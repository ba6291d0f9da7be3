/**
 * The action's side of a form: read the post against the form's zod schema
 * (the same parse the browser runs, app/utils/submission.ts) and answer in
 * the shape conform's useForm reads as `lastResult`, so errors show next to
 * their fields and the typed values come back, also without JavaScript.
 *
 * Every action reads its post here, never with request.formData() itself
 * (a structure test holds that): the body is read with a size limit, and
 * one that cannot be read (a multipart body without or with a broken
 * boundary, a type that is not a form) is a 400, not a 500.
 *
 * What only the server checks stays here, for every form alike: names no
 * form has (reserved or absurd) are dropped before parsing; text holding
 * NUL, text longer than any field takes, a single-value field sent twice
 * (or as a list, or as an object) are refused beside their field; and
 * refusals from the domain (FormError, workflow errors) become replies.
 */
import type { Submission, SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod/v4";
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
// A name conform can read as a path ("a", "lines[0].unit"); any other ("x\">", "a..b") is no field of ours, and conform would throw on it.
const PATH = /^(?:[^.[\]]+|\[\d*\])(?:\.?[^.[\]]+|\[\d*\])*$/;

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
 * Object.prototype or not shaped as a field path, and row numbers past
 * any form's size.
 */
function sanitize(formData: FormData): FormData {
  const clean = new FormData();
  for (const [name, value] of formData.entries()) {
    if (name === STATE) continue;
    if (name === INTENT && (typeof value !== "string" || !isListIntent(value))) continue;
    if (FORBIDDEN.test(name) || !PATH.test(name)) continue;
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

/** Any text field longer than this is refused before its schema runs (each schema keeps its own, smaller limit). */
export const MAX_FIELD_CHARS = 20_000;
/** A post without files; forms with an upload pass their own limit. */
export const FORM_MAX_BYTES = 2 * 1024 * 1024;

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/** The body, read up to `maxBytes`; null when it is longer (the rest is not read). */
async function bodyWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

const UNREADABLE = "This form could not be read. Reload the page and send it again.";

/**
 * The post as form data (URL-encoded or multipart), read up to `maxBytes`;
 * null when the body is longer, for an upload form to say so beside its
 * file. A body that is not a readable form is a 400 thrown to the page.
 */
export async function readFormBody(request: Request, { maxBytes }: { maxBytes: number }): Promise<FormData | null> {
  const type = request.headers.get("Content-Type") ?? "";
  const body = await bodyWithin(request, maxBytes);
  if (body === null) return null;
  if (type.trim() === "" && body.byteLength === 0) return new FormData();
  if (!FORM_TYPES.test(type)) throw new Response(UNREADABLE, { status: 400 });
  try {
    // The platform's own parser: it reads quoted file names holding ";" or "=" as browsers send them.
    return await new Response(body, { headers: { "Content-Type": type } }).formData();
  } catch {
    throw new Response(UNREADABLE, { status: 400 });
  }
}

/** The post as form data, for an action that reads it with more than one schema (by intent). */
export async function readFormData(request: Request): Promise<FormData> {
  const formData = await readFormBody(request, { maxBytes: FORM_MAX_BYTES });
  if (!formData) throw new Response("This form is too large to send.", { status: 413 });
  return formData;
}

/** Reads the post and checks it against the form's schema: what an action with one form calls. */
export async function readForm<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: ReplyOptions = {},
): Promise<ReadSubmission<z.infer<S>>> {
  return readSubmission(await readFormData(request), schema, options);
}

type Constraints = Record<string, { multiple?: boolean }>;
const constraintsBySchema = new WeakMap<z.ZodType, Constraints>();

/** Which names of the schema take a list ("supplierIds", "lines"), keyed as conform does ("lines[].unit"). */
function constraintsOf(schema: z.ZodType): Constraints {
  let found = constraintsBySchema.get(schema);
  if (!found) {
    found = (getZodConstraint(schema) ?? {}) as Constraints;
    constraintsBySchema.set(schema, found);
  }
  return found;
}

const SENT_TWICE = "This field was sent more than once. Enter one value.";
const TOO_LONG = "This text is far too long for this field.";

/**
 * A field the schema takes one value for, sent more than once, or sent as a
 * list or an object ("title[0]", "title.x"): such a post never reaches the
 * schema (or the page's re-render) in a shape it does not expect. The first
 * value is kept for the page to show, the others are dropped.
 */
function shapeErrors(formData: FormData, schema: z.ZodType): { clean: FormData; errors: Record<string, string[]> } {
  const constraints = constraintsOf(schema);
  const key = (name: string) => name.replace(/\[\d+\]/g, "[]");
  const isScalar = (k: string) =>
    constraints[k] !== undefined &&
    !constraints[k].multiple &&
    !Object.keys(constraints).some((other) => other.startsWith(`${k}.`) || other.startsWith(`${k}[`));
  const errors: Record<string, string[]> = {};
  const seen = new Set<string>();
  const clean = new FormData();
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string" && value.length > MAX_FIELD_CHARS) {
      errors[name] = [TOO_LONG];
      clean.append(name, "");
      continue;
    }
    const k = key(name);
    if (isScalar(k)) {
      if (seen.has(name)) {
        errors[name] = [SENT_TWICE];
        continue;
      }
      seen.add(name);
      clean.append(name, value);
      continue;
    }
    // "title[0]" or "title.x" where "title" takes one value: refused under "title".
    const parent = [...name.matchAll(/[.[]/g)]
      .map((m) => name.slice(0, m.index))
      .find((prefix) => isScalar(key(prefix)));
    if (parent !== undefined) {
      errors[parent] = [SENT_TWICE];
      continue;
    }
    clean.append(name, value);
  }
  return { clean, errors };
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
  const shaped = shapeErrors(sanitize(formData), schema);
  const clean = shaped.clean;
  const submission = parseSubmission(clean, schema) as Submission<unknown, string[], z.infer<S>>;
  const extra = { ...shaped.errors, ...nulFieldErrors(clean) };
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
