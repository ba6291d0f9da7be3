/**
 * Every stage folder of app/models says what it holds and may import (its
 * README) and has its layer rule in eslint.config.js, so a new stage cannot
 * arrive without both (docs/decisions/012-import-rule.md).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const MODELS = path.join(ROOT, "app/models");
const STAGES = readdirSync(MODELS).filter((name) => statSync(path.join(MODELS, name)).isDirectory());

describe("model stages", () => {
  it("are the known ones", () => {
    expect([...STAGES].sort()).toEqual([
      "agreements",
      "fulfilment",
      "ordering",
      "people",
      "requisitions",
      "shared",
      "sourcing",
    ]);
  });

  it("each has a README and a layer rule in eslint.config.js", () => {
    const eslint = readFileSync(path.join(ROOT, "eslint.config.js"), "utf8");
    for (const stage of STAGES) {
      expect(existsSync(path.join(MODELS, stage, "README.md")), `${stage}/README.md`).toBe(true);
      expect(eslint.includes(`files: ["app/models/${stage}/**/*.ts"]`), `eslint block for ${stage}`).toBe(true);
    }
  });
});
