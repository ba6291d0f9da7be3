/**
 * Form data to a plain object, and zod issues to field errors keyed by the
 * input's name. Field names use dots and brackets ("lines[0].quantity");
 * a name sent more than once becomes an array ("supplierIds").
 */
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

type Node = Record<string, unknown> | unknown[];

// Names that would reach Object.prototype, and row numbers no form has:
// such fields are dropped, and the schema then reports what is missing.
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);
const MAX_ROW = 999;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null;
const own = (node: Node, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;

export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  entries: for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    const path = name.replace(/\[(\d+)\]/g, ".$1").split(".");
    if (path.some((key) => FORBIDDEN_KEYS.has(key) || (/^\d+$/.test(key) && Number(key) > MAX_ROW))) continue;
    let node: Node = out;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      let next = own(node, key);
      if (next === undefined) {
        next = /^\d+$/.test(path[i + 1]) ? [] : {};
        (node as Record<string, unknown>)[key] = next;
      }
      // "a" and "a.b" in one form: the first shape wins, the clash is dropped.
      if (!isNode(next)) continue entries;
      node = next;
    }
    const leaf = path[path.length - 1];
    const existing = own(node, leaf);
    if ((seen.get(name) ?? 0) > 1 || name.endsWith("Ids")) {
      if (existing !== undefined && !Array.isArray(existing)) continue;
      const list = (existing as unknown[] | undefined) ?? [];
      list.push(raw);
      (node as Record<string, unknown>)[leaf] = list;
    } else if (!isNode(existing)) {
      (node as Record<string, unknown>)[leaf] = raw;
    }
  }
  // Sparse arrays (a removed middle row) become dense.
  return JSON.parse(
    JSON.stringify(out, (_k, v: unknown) => (Array.isArray(v) ? v.filter((x) => x != null) : v)),
  ) as Record<string, unknown>;
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export type ParseResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Fields holding a NUL character, which no Postgres text column can store:
 * refused by every form before its schema runs, instead of failing the write.
 */
function nulFieldErrors(formData: FormData): FieldErrors {
  const errors: FieldErrors = {};
  for (const [name, raw] of formData.entries()) {
    if (typeof raw === "string" && raw.includes("\u0000"))
      errors[name.replace(/\[(\d+)\]/g, ".$1")] = "Remove the control character (NUL) from this field.";
  }
  return errors;
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): ParseResult<z.infer<S>> {
  const values = formDataToObject(formData);
  const nul = nulFieldErrors(formData);
  if (Object.keys(nul).length > 0) return { ok: false, errors: nul, values };
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrors(result.error), values };
}
