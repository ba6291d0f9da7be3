// Installs the npm packages when node_modules is missing, older than the
// lock file, or lacks the build tools, so `npm start` and `npm test` work on
// a fresh clone, NODE_ENV=production included: there npm leaves out
// devDependencies by default, yet `npm start` builds first and the build
// tool (@remix-run/dev, the `remix` command) is one of them, so the install
// asks for them explicitly.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const marker = "node_modules/.package-lock.json";
// An install made with --omit=dev (or under NODE_ENV=production) is fresh but cannot build.
const buildTool = "node_modules/@remix-run/dev/package.json";
const stale =
  !existsSync(marker) || !existsSync(buildTool) || statSync(marker).mtimeMs < statSync("package-lock.json").mtimeMs;
if (stale) {
  console.log("Installing npm packages (npm ci --include=dev)…");
  execSync("npm ci --include=dev --no-audit --no-fund", { stdio: "inherit" });
}
