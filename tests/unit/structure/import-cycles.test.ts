/**
 * No import cycle anywhere in the server and browser code: a cycle means two
 * files that cannot be read, tested or moved apart, and it is how the four
 * purchase-order models once ended up in one knot. Type-only imports vanish
 * at build and do not count. docs/decisions/012-import-rule.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { parseCircular, parseDependencyTree } from "dpdm";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Cycles among the files the globs (relative to `context`) name, and how many files were read. */
async function cycles(context: string, globs: string[]): Promise<{ cycles: string[][]; files: number }> {
  const tree = await parseDependencyTree(
    globs.map((g) => path.join(context, g)),
    {
      context,
      tsconfig: path.join(ROOT, "tsconfig.json"),
      transform: true,
      skipDynamicImports: false,
      exclude: /node_modules/,
    },
  );
  return { cycles: parseCircular(tree, true), files: Object.keys(tree).length };
}

describe("import cycles", () => {
  it("there is none in app/, db/, workflows/ or emails/", async () => {
    const found = await cycles(ROOT, ["app/**/*.{ts,tsx}", "db/**/*.ts", "workflows/**/*.ts", "emails/**/*.ts"]);
    expect(found.files).toBeGreaterThan(150);
    expect(found.cycles.map((c) => c.join(" -> "))).toEqual([]);
  }, 60_000);

  // The check above passes when it finds nothing; this proves it can find something.
  const dir = mkdtempSync(path.join(tmpdir(), "quotient-cycle-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("finds a cycle made on purpose", async () => {
    writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
    writeFileSync(path.join(dir, "b.ts"), 'import { a } from "./a";\nexport const b = () => a;\n');
    writeFileSync(path.join(dir, "c.ts"), 'import type { a } from "./a";\nexport type C = typeof a;\n');
    const found = await cycles(dir, ["*.ts"]);
    expect(found.files).toBe(3);
    expect(found.cycles).toHaveLength(1);
    expect(found.cycles[0].map((f) => path.basename(f)).sort()).toEqual(["a.ts", "b.ts"]);
  });
});
