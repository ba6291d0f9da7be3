/**
 * Preloaded into the built server by `bench/pages.ts --profile` (Node
 * refuses `--cpu-prof` in NODE_OPTIONS): profiles the whole process through
 * the inspector and writes BENCH_CPU_PROFILE when it exits. Not loaded by
 * the product.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const target = process.env.BENCH_CPU_PROFILE;
if (target) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  // The main thread's session answers synchronously, so this still runs within "exit".
  process.on("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
