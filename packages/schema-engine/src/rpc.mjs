// @ts-check
// The long-running mode: JSON-RPC 2.0 over stdin/stdout, one JSON object per line, forwarded to
// the WASM engine. Errors come back in the shape the CLI prints (P-codes, panics).
import { readFile } from "node:fs/promises";
import readline from "node:readline";
import pg from "pg";
import { createDatabase } from "./cli.mjs";
import { guardEngineMethod } from "./production-guard.mjs";
import { fail, log } from "./log.mjs";
import { createAdapterFactory, quoteIdent, toPgConfig } from "./pg-adapter.mjs";
import { loadSchemaEngineWasm, takePanicMessage } from "./wasm.mjs";

const EXIT_PANIC = 101;
const RPC_ERROR_CODE = 4466;

/** @typedef {{ jsonrpc: "2.0", id: number | string, method: string, params?: any }} RpcRequest */

/**
 * @param {{ datamodels: string[], datasource: import("./cli.mjs").Datasource }} args
 */
export async function serveRpc(args) {
  const { datasource } = args;
  const wasm = await loadSchemaEngineWasm();
  const { adapterFactory, close, takeScriptError } = createAdapterFactory(datasource);
  const datamodels = await Promise.all(args.datamodels.map(async (file) => /** @type {[string, string]} */ ([file, await readFile(file, "utf8")])));
  const engine = await wasm.SchemaEngine.new(
    { datamodels: datamodels.length > 0 ? datamodels : undefined },
    (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
    adapterFactory,
  ).catch(async (/** @type {unknown} */ error) => {
    await close();
    return fail(String(toRpcError(error, adapterFactory, undefined).message));
  });
  log("INFO", "Starting schema engine RPC server (WASM)");

  const rpc = createRpcChannel();
  let queue = Promise.resolve();
  const shutdown = once(async () => {
    await queue;
    await close();
    engine.free();
    process.exit(0);
  });
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);

  rpc.onRequest((request) => {
    // The engine runs one command at a time, as the native one does.
    queue = queue.then(() => handleRequest(request));
  });
  rpc.onClose(shutdown);

  /** @param {RpcRequest} request */
  async function handleRequest(request) {
    try {
      const result = await dispatch(request.method, request.params ?? {});
      rpc.respond(request.id, { result: result ?? null });
    } catch (error) {
      const panic = takePanicMessage();
      if (panic !== undefined || (error instanceof Error && error.name === "RuntimeError")) {
        const message = panic ?? String(error);
        rpc.respond(request.id, { error: { code: RPC_ERROR_CODE, message, data: { is_panic: true, message } } });
        log("ERROR", message);
        await close();
        process.exit(EXIT_PANIC);
      }
      const rpcError = toRpcError(error, adapterFactory, takeScriptError());
      if (rpcError.data.error_code === "P3018") await recordMigrationError(datasource.url, rpcError.data.meta);
      rpc.respond(request.id, { error: rpcError });
    }
  }

  /**
   * @param {string} method
   * @param {any} params
   */
  async function dispatch(method, params) {
    guardEngineMethod(method, process.env, datasource.url);
    switch (method) {
      case "getDatabaseVersion":
        return engine.version(params);
      case "diff": {
        const { exitCode, stdout } = await engine.diff(params);
        if (stdout) await rpc.request("print", { content: stdout.replace(/\n$/, "") });
        return { exitCode };
      }
      case "createDatabase":
        return { databaseName: await createDatabase(params.datasource ?? datasource) };
      case "evaluateDataLoss":
      case "createMigration":
        // The WASM engine reads the migration history's shadow-database state from a cache that only
        // this call fills (the native engine computes it on demand).
        await engine.diagnoseMigrationHistory({
          migrationsList: params.migrationsList,
          optInToShadowDatabase: true,
          filters: params.filters,
        });
        return /** @type {any} */ (engine)[method](params);
      default: {
        const fn = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (engine))[method];
        if (typeof fn !== "function" || method === "free") {
          throw Object.assign(new Error(`The WASM schema engine has no method ${method}`), { code: -32601 });
        }
        return fn.call(engine, params);
      }
    }
  }
}

/**
 * Maps an error from the WASM engine to the JSON-RPC error the CLI prints.
 * @param {any} error
 * @param {{ errorRegistry?: { consumeError(id: number): { error: unknown } | undefined } }} adapterFactory
 * @param {import("./pg-adapter.mjs").ScriptError | undefined} scriptError
 */
function toRpcError(error, adapterFactory, scriptError) {
  const failedMigration = /migration_name="([^"]+)"/.exec(String(error?.message))?.[1];
  if (failedMigration && scriptError) return migrationFailedError(failedMigration, scriptError);

  // A JS error thrown inside the adapter travels through the engine as an id in the registry.
  const id = error?.cause?.id ?? error?.id;
  const original = typeof id === "number" ? adapterFactory.errorRegistry?.consumeError(id)?.error : undefined;
  const source = /** @type {any} */ (original ?? error);
  // Connector errors end with a Rust span trace ("   0: sql_schema_connector::…"): not for users.
  const message = String(source?.message ?? source).split(/\n\s+0: /)[0];
  const errorCode = typeof error?.code === "string" ? error.code : undefined;
  return { code: RPC_ERROR_CODE, message, data: { is_panic: false, message, error_code: errorCode, meta: error?.meta } };
}

/**
 * The native engine's P3018, so a failed migration reads the same as with the native engine.
 * @param {string} migrationName
 * @param {import("./pg-adapter.mjs").ScriptError} scriptError
 */
function migrationFailedError(migrationName, scriptError) {
  const databaseError = [
    `ERROR: ${scriptError.message}`,
    scriptError.detail && `DETAIL: ${scriptError.detail}`,
    scriptError.hint && `HINT: ${scriptError.hint}`,
  ]
    .filter(Boolean)
    .join("\n");
  const message = [
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve",
    `Migration name: ${migrationName}`,
    `Database error code: ${scriptError.code}`,
    `Database error:\n${databaseError}`,
  ].join("\n\n");
  return {
    code: RPC_ERROR_CODE,
    message,
    data: {
      is_panic: false,
      message,
      error_code: "P3018",
      meta: { migration_name: migrationName, database_error_code: scriptError.code, database_error: databaseError },
    },
  };
}

/**
 * The WASM engine records a failed migration with the adapter's error kind ("Unique constraint
 * failed: (name)") and a Rust span trace; the native engine records PostgreSQL's code and message.
 * Replace the logs of the row it just wrote, so `migrate status`, db:doctor and people see why.
 * @param {string} url
 * @param {{ migration_name: string, database_error_code?: string, database_error: string }} meta
 */
async function recordMigrationError(url, meta) {
  const { config, schema } = toPgConfig(url);
  const table = `${quoteIdent(schema ?? "public")}."_prisma_migrations"`;
  const client = new pg.Client(config);
  try {
    await client.connect();
    await client.query(
      `UPDATE ${table} SET logs = $1 WHERE id = (SELECT id FROM ${table} WHERE migration_name = $2 AND finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1)`,
      [`Database error code: ${meta.database_error_code}\n\nDatabase error:\n${meta.database_error}`, meta.migration_name],
    );
  } catch (error) {
    // The failure itself is what matters: the CLI still reports it with PostgreSQL's message.
    log("INFO", `Could not record the database error in _prisma_migrations.logs: ${/** @type {Error} */ (error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Line-delimited JSON-RPC over stdin/stdout, in both directions: the CLI sends requests, and the
 * engine sends `print` requests back during `diff`.
 */
function createRpcChannel() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  /** @type {Map<number, (response: unknown) => void>} */
  const pending = new Map();
  /** @type {(request: RpcRequest) => void} */
  let requestHandler = () => {};
  let nextId = 1;

  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      log("ERROR", `Could not parse JSON-RPC message: ${line.slice(0, 200)}`);
      return;
    }
    if (typeof message.method === "string") {
      requestHandler(message);
    } else {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    }
  });

  return {
    /** @param {(request: RpcRequest) => void} handler */
    onRequest(handler) {
      requestHandler = handler;
    },
    /** @param {() => void} handler */
    onClose(handler) {
      lines.on("close", handler);
    },
    /**
     * @param {number | string} id
     * @param {{ result: unknown } | { error: unknown }} body
     */
    respond(id, body) {
      process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, ...body })}\n`);
    },
    /**
     * @param {string} method
     * @param {unknown} params
     */
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      });
    },
  };
}

/**
 * @template {(...args: any[]) => Promise<void>} F
 * @param {F} fn
 */
function once(fn) {
  /** @type {Promise<void> | undefined} */
  let running;
  return () => (running ??= fn());
}
