// Imported for its effect, first, by both db-check bins (bin/db-check.mjs in this repository, dist/bin.js once
// published), before anything loads libpg-query. Plain JS, so that the repository's bin can import it as it is.
//
// libpg-query (PostgreSQL's parser compiled to WebAssembly) holds one 100 KB function that a few
// parses make hot: V8 then recompiles it with its optimising compiler, in the background, for ~0.6–1.6 s
// of CPU and ~550 MB of memory — and the process waits for that before it exits. It was most of a
// one-migration run, and the optimised code does not pay it back even over 2,500 migrations (CPU
// times in docs/benchmarks.md, section 8). So V8 keeps its baseline compiler's code: it tiers up only
// the function with this index, which no function has. Set before libpg-query compiles its module.
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--wasm-tier-up-filter=2147483647");
