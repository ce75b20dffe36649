#!/usr/bin/env node
// The published package's `db-check` bin (dist/bin.js, compiled by `npm pack`): the CLI as plain JS, nothing to
// compile at run time. In this repository bin/db-check.mjs runs the sources instead (precompiled on first use).
import "./wasm-baseline.mjs";

// Imported only now: libpg-query must load after the V8 flag above is set.
await import("./db-check.ts");
