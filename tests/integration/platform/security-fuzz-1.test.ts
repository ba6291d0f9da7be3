// A third of the routes fuzzed with hostile input; every route is in one of the three (security-fuzz.ts).
import { fuzzShard } from "./security-fuzz";

fuzzShard(1, 3);
