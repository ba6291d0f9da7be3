/**
 * Sums a V8 CPU profile (`node --cpu-prof`) by where the time went: our own
 * code (the server bundle `build/`), each package under node_modules, Node
 * itself, garbage collection and idle; then the functions with the most
 * self time. See bench/README.md.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile | folder> [top=25]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const target = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!target) throw new Error("usage: profile-summary.ts <file.cpuprofile | folder> [top]");
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => path.join(target, f))
  : [target];

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (!node) return;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const where = url ? `${shorten(url)}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  });
}

const busy = total - (byArea.get("(idle)") ?? 0);
const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1).padStart(5)} %`;
console.log(`${files.length} profile(s), ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
console.log("\nBusy time by area:");
for (const [area, us] of [...byArea]
  .filter(([a]) => a !== "(idle)")
  .sort((a, b) => b[1] - a[1])
  .slice(0, 15)) {
  console.log(`  ${pct(us, busy)}  ${area}`);
}
console.log(`\nFunctions by self time (top ${top}):`);
for (const [fn, us] of [...byFunction]
  .filter(([f]) => !f.startsWith("(idle)"))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  console.log(`  ${pct(us, busy)}  ${fn}`);
}

function areaOf(url: string, functionName: string): string {
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(garbage collector)") {
    return functionName;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes("/build/")) return "our code (build/)";
  if (url.startsWith("node:")) return "node";
  return url ? shorten(url) : "(native)";
}

function shorten(url: string): string {
  return url
    .replace(/^file:\/\//, "")
    .replace(/^.*node_modules\//, "")
    .replace(/^.*\/build\//, "build/");
}
