/**
 * Preloaded into the built server by `bench/pages.ts --memory-detail`:
 * writes the process's memory, split as V8 reports it, to BENCH_MEMORY_FILE
 * every quarter second, so the bench can tell heap from the rest of the
 * resident memory. Not loaded by the product.
 */
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_MEMORY_FILE;
if (target) {
  setInterval(() => writeFileSync(target, JSON.stringify(process.memoryUsage())), 250).unref();
}
