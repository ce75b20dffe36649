// @ts-check
// @starter/schema-engine — the package's one public entry point.
// - SCHEMA_ENGINE_BINARY: the program to give the Prisma CLI as PRISMA_SCHEMA_ENGINE_BINARY.
// - The production guard, which the engine enforces on every request and prisma.config.ts before
//   the CLI starts.
// - inProcessSchemaEngine(): the same WASM engine and PostgreSQL adapter inside the caller's
//   process (db:doctor's drift check). Loaded on demand: prisma.config.ts reads this entry on every
//   Prisma command, and only needs the two above.
import { fileURLToPath } from "node:url";

export { guardCliCommand, guardEngineMethod, ProductionGuardError, productionReason } from "./production-guard.mjs";

export const SCHEMA_ENGINE_BINARY = fileURLToPath(new URL("./main.mjs", import.meta.url));

export async function inProcessSchemaEngine() {
  const [{ loadSchemaEngineWasm, takePanicMessage }, { createAdapterFactory }] = await Promise.all([import("./wasm.mjs"), import("./pg-adapter.mjs")]);
  return { loadSchemaEngineWasm, takePanicMessage, createAdapterFactory };
}
