/**
 * The quick start promises every demo sign-in: README's table and the lines
 * `npm start` prints name each demo person with their role, so a new user can
 * try every role without reading the seed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { DEMO_USERS } from "../../../db/seed.server";

const root = path.resolve(__dirname, "../../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const server = readFileSync(path.join(root, "server.mjs"), "utf8");

describe("demo sign-ins", () => {
  it.each(DEMO_USERS.map((u) => [u.email, u.role, u.org] as const))(
    "%s is in README and the start-up lines",
    (email, role, org) => {
      expect(readme).toContain(`| ${email} | ${role} | ${org}`);
      expect(server).toContain(`["${email}", "${role}, ${org}"]`);
    },
  );
});
