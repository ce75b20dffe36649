// @ts-check
// Loads Prisma's WASM schema engine. The `prisma` package ships the engine build its CLI expects
// (build/schema_engine_bg.wasm); its JS glue comes from @prisma/schema-engine-wasm, whose
// import/export names match. That package's own .wasm is the fallback.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** @typedef {typeof import("@prisma/schema-engine-wasm")} SchemaEngineModule */

/** @returns {Promise<SchemaEngineModule>} */
export async function loadSchemaEngineWasm() {
  installPanicRegistry();
  const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(resolveWasmPath());
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  /** @type {any} */ (instance.exports).__wbindgen_start();
  return /** @type {SchemaEngineModule} */ (/** @type {unknown} */ (glue));
}

export function resolveWasmPath() {
  const fromCli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm");
  try {
    require("node:fs").accessSync(fromCli);
    return fromCli;
  } catch {
    return path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
  }
}

/** The last panic message, if the engine panicked. */
export function takePanicMessage() {
  const registry = /** @type {{ message?: string }} */ (Reflect.get(globalThis, "PRISMA_WASM_PANIC_REGISTRY"));
  const message = registry.message;
  registry.message = undefined;
  return message;
}

// A Rust panic reports its message through this global before it traps; without it the
// message is lost behind a TypeError.
function installPanicRegistry() {
  /** @type {{ message?: string, set_message(message: string): void }} */
  const registry = {
    message: undefined,
    set_message(message) {
      this.message = message;
    },
  };
  Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: registry });
}
