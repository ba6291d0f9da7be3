/**
 * Form data to a plain object, and zod issues to field errors keyed by the
 * input's name. Field names use dots and brackets ("lines[0].quantity");
 * a name sent more than once becomes an array ("supplierIds").
 */
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

type Tree = { [key: string]: Tree | Tree[] | string | string[] | undefined };

export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Tree = {};
  const seen = new Map<string, number>();
  for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    const path = name.replace(/\[(\d+)\]/g, ".$1").split(".");
    let node: Tree = out;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i];
      const nextIsIndex = /^\d+$/.test(path[i + 1]);
      node[key] ??= (nextIsIndex ? [] : {}) as Tree;
      node = node[key] as Tree;
    }
    const leaf = path[path.length - 1];
    if ((seen.get(name) ?? 0) > 1 || name.endsWith("Ids")) {
      const list = (node[leaf] as string[] | undefined) ?? [];
      list.push(raw);
      node[leaf] = list;
    } else {
      node[leaf] = raw;
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

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): ParseResult<z.infer<S>> {
  const values = formDataToObject(formData);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrors(result.error), values };
}
