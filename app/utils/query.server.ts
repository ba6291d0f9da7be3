/**
 * The loader's side of the address: its query string read against the
 * page's zod schema, with the same hostile-shape handling as a posted form
 * (submission.server.ts). Every loader reads its query here, never
 * url.searchParams itself (a structure test holds that).
 *
 * A value the page cannot use (a control character, a name given twice
 * that takes one value, text longer than any field, a value the schema
 * refuses) is a 400 with one plain sentence naming the field, which the
 * page's error boundary shows; a data request gets the same 400. It never
 * reaches a query, where it would be a 500.
 */
import { getZodConstraint } from "@conform-to/zod/v4";
import type { z } from "zod";

/** No field of an address is longer; a search box or a cursor is far shorter. */
export const MAX_QUERY_VALUE_CHARS = 1_000;

// Postgres text refuses NUL, and no address field needs a control character.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/;

function refuse(message: string): Response {
  return new Response(message, { status: 400 });
}

const labelOf = (name: string) => `“${name.slice(0, 40)}”`;

/** Names of the schema that take a list, as conform's constraint reports them. */
function listNames(schema: z.ZodType): Set<string> {
  const constraints = (getZodConstraint(schema) ?? {}) as Record<string, { multiple?: boolean }>;
  return new Set(Object.entries(constraints).flatMap(([name, c]) => (c.multiple ? [name] : [])));
}

const listsBySchema = new WeakMap<z.ZodType, Set<string>>();

/**
 * The query string, refused (400) when a name or value holds a control
 * character or is longer than any field: for a page that shows its filter
 * errors beside the filters (conform's parseSubmission) instead of on an
 * error page. Every other loader calls readQuery.
 */
export function queryParams(request: Request): URLSearchParams {
  const params = new URL(request.url).searchParams;
  for (const [name, value] of params) {
    if (CONTROL.test(value) || CONTROL.test(name))
      throw refuse(`The address holds a control character in ${labelOf(name)}. Remove it and try again.`);
    if (value.length > MAX_QUERY_VALUE_CHARS)
      throw refuse(`The value of ${labelOf(name)} in the address is far too long. Shorten it and try again.`);
  }
  return params;
}

/**
 * The query string as the schema's value. Names the schema does not know
 * are ignored (tracking parameters, an old bookmark); the ones it knows
 * must be well formed.
 */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  let lists = listsBySchema.get(schema);
  if (!lists) {
    lists = listNames(schema);
    listsBySchema.set(schema, lists);
  }
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of queryParams(request)) {
    const existing = values[name];
    if (lists.has(name)) values[name] = [...(existing === undefined ? [] : [existing].flat()), value];
    else if (existing !== undefined)
      throw refuse(`${labelOf(name)} appears more than once in the address. Keep one and try again.`);
    else values[name] = value;
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.map(String).join(".") || "the address";
  throw refuse(`${labelOf(name)} in the address: ${issue?.message ?? "not a value this page can use."}`);
}

/**
 * readQuery for a page that shows the refusal beside its own field (a search
 * box) instead of on an error page: the value, or the same sentence readQuery
 * would answer with.
 */
export async function readQueryOrProblem<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ value: z.infer<S>; problem: null } | { value: null; problem: string }> {
  try {
    return { value: readQuery(request, schema), problem: null };
  } catch (refused) {
    if (refused instanceof Response) return { value: null, problem: await refused.text() };
    throw refused;
  }
}
