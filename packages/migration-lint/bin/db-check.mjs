#!/usr/bin/env node
// `npm run db:check` in this repository (this package's `db-check` bin; the published package runs dist/bin.js):
// src/db-check.ts, precompiled to plain JS (precompiled.mjs) so that it starts in a fraction of the time tsx
// takes. Same arguments, output and exit status.
import "../src/wasm-baseline.mjs";
import { precompiled } from "./precompiled.mjs";

await import((await precompiled("src/db-check.ts")).url);
