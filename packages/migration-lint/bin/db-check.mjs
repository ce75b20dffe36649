#!/usr/bin/env node
// `npm run db:check` (this package's `db-check` bin): src/db-check.ts, precompiled to plain JS
// (precompiled.mjs) so that it starts in a fraction of the time tsx takes. Same arguments, output and exit status.
import { setFlagsFromString } from "node:v8";
import { precompiled } from "./precompiled.mjs";

// libpg-query (PostgreSQL's parser compiled to WebAssembly) holds one 100 KB function that a few
// parses make hot: V8 then recompiles it with its optimising compiler, in the background, for ~0.6–1.6 s
// of CPU and ~550 MB of memory — and the process waits for that before it exits. It was most of a
// one-migration run, and the optimised code does not pay it back even over 2,500 migrations (CPU
// times in docs/benchmarks.md, section 8). So V8 keeps its baseline compiler's code: it tiers up only
// the function with this index, which no function has. Set before libpg-query compiles its module.
setFlagsFromString("--wasm-tier-up-filter=2147483647");

await import((await precompiled("src/db-check.ts")).url);
