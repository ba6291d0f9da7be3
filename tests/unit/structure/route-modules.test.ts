/**
 * Route modules stay thin: every page has an error boundary (so a refusal
 * renders inside the header, never as a blank or framework page), and no
 * route decides by a role or a record's status; it renders the flags its
 * model answered (`can.*`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROUTES = path.resolve(import.meta.dirname, "../../../app/routes");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

const all = files(ROUTES);
const routeModules = all.filter((f) => path.dirname(f) === ROUTES || path.basename(f).startsWith("route."));
const rel = (f: string) => path.relative(ROUTES, f);

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
});
