/**
 * Route modules stay thin: every page has an error boundary (so a refusal
 * renders inside the header, never as a blank or framework page), and no
 * route decides by a role or a record's status; it renders the flags its
 * model answered (`can.*`). Nor does the root layout or a component name a
 * role: page gates and the navigation ask the ability (`requireAbility`,
 * `navigationFor`), whose rules live in app/auth/ability.ts. And no code
 * reads a post or a query string but the one reader, so no route can
 * forget its hostile-input checks.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../../../app");
const ROUTES = path.join(APP, "routes");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

const all = files(ROUTES);
const routeModules = all.filter((f) => path.dirname(f) === ROUTES || path.basename(f).startsWith("route."));
const rel = (f: string) => path.relative(ROUTES, f);

/** Every line of the given files that matches, as "file:line: text". */
function offending(paths: string[], pattern: RegExp, base = ROUTES): string[] {
  return paths.flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .map((line, i) => ({ line, at: `${path.relative(base, f)}:${i + 1}` }))
      .filter(({ line }) => pattern.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );
}

/**
 * What asks a role instead of the ability: a role list handed to the request
 * context (or any second argument: it takes only the request), the old
 * `requireRole`, a literal list of role names, or reading `.role` at all.
 */
const ROLE_QUESTION =
  /requireContext\(\s*[\w.]+\s*,|requireRole\(|\[\s*(["'`](buyer|finance|admin|supplier)["'`]\s*,?\s*)+\]|\.role\b|\bNAV\[/;

/**
 * Reading a post or a query string around the reader, which is where NUL,
 * repeated fields, impossible values and malformed bodies become messages.
 */
const RAW_INPUT = /\.formData\(\)|\.searchParams\b|parseMultipartFormData/;

describe("route modules", () => {
  it("every page (a module with a component) exports an ErrorBoundary", () => {
    const pages = routeModules.filter((f) => /export default function/.test(readFileSync(f, "utf8")));
    expect(pages.length).toBeGreaterThan(20);
    const missing = pages.filter(
      (f) => !/export \{[^}]*\bas ErrorBoundary\b|export function ErrorBoundary/.test(readFileSync(f, "utf8")),
    );
    expect(missing.map(rel)).toEqual([]);
  });

  it("no route or panel tests a role or a record's status", () => {
    const found = all.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${rel(f)}:${i + 1}` }))
        .filter(({ line }) =>
          /\b(role|status)\s*[!=]==|\.role\b|status\)?\s*\.includes\(|\]\.includes\(\w*\.status\)/.test(line),
        )
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it("no route, layout or component passes a role list or reads a role", () => {
    const layout = [path.join(APP, "root.tsx"), ...files(path.join(APP, "components"))];
    expect(layout.length).toBeGreaterThan(5);
    expect([...offending(all, ROLE_QUESTION), ...offending(layout, ROLE_QUESTION, APP)]).toEqual([]);
  });

  it("every post and query string is read by the one reader (submission.server.ts, query.server.ts)", () => {
    const readers = ["utils/submission.server.ts", "utils/query.server.ts"].map((f) => path.join(APP, f));
    const code = files(APP).filter((f) => !readers.includes(f));
    expect(code.length).toBeGreaterThan(50);
    expect(offending(code, RAW_INPUT, APP)).toEqual([]);
  });

  it("the reader check catches what it is meant to", () => {
    for (const line of [
      "const formData = await request.formData();",
      "const parsed = readSubmission(await request.formData(), schema);",
      'const q = new URL(request.url).searchParams.get("q");',
      "const params = url.searchParams;",
      "const formData = await unstable_parseMultipartFormData(request, handler);",
    ]) {
      expect(RAW_INPUT.test(line), line).toBe(true);
    }
    for (const line of [
      "const parsed = await readForm(request, schema);",
      "const formData = await readFormData(request);",
      "const query = readQuery(request, querySchema);",
      "const [params] = useSearchParams();",
    ]) {
      expect(RAW_INPUT.test(line), line).toBe(false);
    }
  });

  it("the role check catches what it is meant to", () => {
    // Guards the guard: each of these once stood in a route or the root layout.
    for (const line of [
      'const ctx = await requireContext(request, ["buyer"]);',
      'const ctx = await requireContext(request, ["buyer", "finance"]);',
      "const ctx = await requireContext(request, ALLOWED);",
      'const user = await requireRole(request, ["admin"]);',
      "{(NAV[user.role] ?? []).map((item) => (",
      '<span className="role">{user.role}</span>',
      'if (["finance", "admin"].includes(kind)) {',
    ]) {
      expect(ROLE_QUESTION.test(line), line).toBe(true);
    }
    for (const line of [
      "const ctx = await requireContext(request);",
      'requireAbility(ctx, "approve", "PurchaseOrder");',
      'const supplier = params.get("supplier") ?? "";',
      '<span className="role">{user.roleLabel}</span>',
    ]) {
      expect(ROLE_QUESTION.test(line), line).toBe(false);
    }
  });
});
