#!/usr/bin/env node
// @ts-check
// A stand-in for Prisma's native `schema-engine` binary, which cannot be downloaded in offline or
// locked-down environments. The Prisma CLI runs it through PRISMA_SCHEMA_ENGINE_BINARY (set in
// prisma.config.ts) and speaks the same protocol to it: JSON-RPC over stdin/stdout, JSON log lines
// on stderr, and one-shot `cli` commands. The work is done by the WASM schema engine that ships
// inside the `prisma` package, connected to PostgreSQL through @prisma/adapter-pg.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import readline from "node:readline";
import pg from "pg";
import { createAdapterFactory, quoteIdent, toPgConfig } from "./pg-adapter.mjs";
import { loadSchemaEngineWasm, takePanicMessage } from "./wasm.mjs";

const require = createRequire(import.meta.url);
const EXIT_ERROR = 1;
const EXIT_PANIC = 101;
const RPC_ERROR_CODE = 4466;

/**
 * @typedef {{ url: string, shadowDatabaseUrl?: string }} Datasource
 * @typedef {{ datamodels: string[], datasource?: Datasource, cliCommand?: string, version: boolean }} EngineArgs
 * @typedef {{ jsonrpc: "2.0", id: number | string, method: string, params?: any }} RpcRequest
 */

await main(parseArgs(process.argv.slice(2)));

/** @param {EngineArgs} args */
async function main(args) {
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${require("@prisma/engines-version").enginesVersion}\n`);
    return;
  }
  if (args.cliCommand) {
    await runCliCommand(args.cliCommand, requireDatasource(args));
    return;
  }
  await serveRpc(args);
}

/** @param {string[]} argv */
export function parseArgs(argv) {
  /** @type {EngineArgs} */
  const args = { datamodels: [], version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) return fail(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case "--version":
      case "-V":
        args.version = true;
        break;
      case "--datamodels":
      case "-d":
        args.datamodels.push(value());
        break;
      case "--datasource":
        args.datasource = JSON.parse(value());
        break;
      case "--enabled-preview-features":
      case "--extension-types":
        value(); // PostgreSQL migrations here need neither.
        break;
      case "cli":
        args.cliCommand = argv[++i];
        break;
      default:
        fail(`unknown argument ${arg}`);
    }
  }
  return args;
}

// ---- long-running JSON-RPC server -------------------------------------------------------------

/** @param {EngineArgs} args */
async function serveRpc(args) {
  const datasource = requireDatasource(args);
  const wasm = await loadSchemaEngineWasm();
  const { adapterFactory, close, takeScriptError } = createAdapterFactory(datasource);
  const datamodels = await Promise.all(
    args.datamodels.map(async (file) => /** @type {[string, string]} */ ([file, await readFile(file, "utf8")])),
  );
  const engine = await wasm.SchemaEngine.new(
    { datamodels: datamodels.length > 0 ? datamodels : undefined },
    (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
    adapterFactory,
  );
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
      rpc.respond(request.id, { error: toRpcError(error, adapterFactory, takeScriptError()) });
    }
  }

  /**
   * @param {string} method
   * @param {any} params
   */
  async function dispatch(method, params) {
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
export function toRpcError(error, adapterFactory, scriptError) {
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
    if (typeof message.method === "string") requestHandler(message);
    else pending.get(message.id)?.(message), pending.delete(message.id);
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

// ---- one-shot commands: `schema-engine --datasource … cli <command>` ---------------------------

/**
 * @param {string} command
 * @param {Datasource} datasource
 */
async function runCliCommand(command, datasource) {
  log("INFO", `Starting schema engine CLI command ${command} (WASM)`);
  try {
    switch (command) {
      case "can-connect-to-database":
        await withClient(toPgConfig(datasource.url).config, () => undefined);
        break;
      case "create-database":
        await createDatabase(datasource);
        break;
      case "drop-database":
        await dropDatabase(datasource);
        break;
      default:
        fail(`unknown cli command ${command}`);
    }
  } catch (error) {
    const known = describeConnectionError(error, datasource.url);
    log("ERROR", known.message, { error_code: known.code });
    process.exitCode = EXIT_ERROR;
  }
}

/** @param {Datasource} datasource */
async function createDatabase(datasource) {
  const { config } = toPgConfig(datasource.url);
  const database = String(config.database);
  await withMaintenanceClient(config, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  return database;
}

/** @param {Datasource} datasource */
async function dropDatabase(datasource) {
  const { config } = toPgConfig(datasource.url);
  await withMaintenanceClient(config, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(String(config.database))}`),
  );
}

/**
 * Runs `fn` connected to the server's `postgres` database (then `template1`), to create or drop another one.
 * @param {pg.ClientConfig} config
 * @param {(client: pg.Client) => Promise<unknown>} fn
 */
async function withMaintenanceClient(config, fn) {
  try {
    return await withClient({ ...config, database: "postgres" }, fn);
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code !== "3D000") throw error;
    return withClient({ ...config, database: "template1" }, fn);
  }
}

/**
 * @param {pg.ClientConfig} config
 * @param {(client: pg.Client) => unknown} fn
 */
async function withClient(config, fn) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The native engine's error codes and messages for failed connections, which the CLI acts on
 * (P1003 makes `migrate dev` create the database).
 * @param {any} error
 * @param {string} url
 */
export function describeConnectionError(error, url) {
  const { config } = toPgConfig(url);
  const address = `${config.host ?? "localhost"}:${config.port ?? 5432}`;
  switch (error?.code) {
    case "3D000":
      return { code: "P1003", message: `Database \`${config.database}\` does not exist on the database server at \`${address}\`.` };
    case "28P01":
    case "28000":
      return {
        code: "P1000",
        message: `Authentication failed against database server at \`${address}\`, the provided database credentials for \`${config.user}\` are not valid.`,
      };
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
      return {
        code: "P1001",
        message: `Can't reach database server at \`${address}\`\n\nPlease make sure your database server is running at \`${address}\`.`,
      };
    case "42P04":
      return { code: "P1009", message: `Database \`${config.database}\` already exists on the database server at \`${address}\`` };
    default:
      return { code: undefined, message: String(error?.message ?? error) };
  }
}

// ---- helpers ---------------------------------------------------------------------------------

/** @param {EngineArgs} args */
function requireDatasource(args) {
  if (!args.datasource?.url) fail("--datasource with a url is required (set it in prisma.config.ts)");
  return /** @type {Datasource} */ (args.datasource);
}

/**
 * A log line in the native engine's format: the CLI reads ERROR lines as the failure's message.
 * @param {"INFO" | "ERROR"} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
function log(level, message, fields = {}) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...fields }, target: "schema_engine::logger" })}\n`,
  );
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  log("ERROR", `schema engine: ${message}`);
  process.exit(EXIT_ERROR);
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
