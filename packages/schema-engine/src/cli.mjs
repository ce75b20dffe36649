// @ts-check
// The one-shot mode, `schema-engine --datasource '{"url":…}' cli <command>`, which the CLI uses
// before starting migrations: can the database be reached, and create it when it is missing.
import pg from "pg";
import { fail, log } from "./log.mjs";
import { quoteIdent, toPgConfig } from "./pg-adapter.mjs";

/** @typedef {{ url: string, shadowDatabaseUrl?: string }} Datasource */

/**
 * @param {string} command
 * @param {Datasource} datasource
 */
export async function runCliCommand(command, datasource) {
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
    process.exitCode = 1;
  }
}

/** @param {Datasource} datasource */
export async function createDatabase(datasource) {
  const { config } = toPgConfig(datasource.url);
  const database = String(config.database);
  await withMaintenanceClient(config, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  return database;
}

/** @param {Datasource} datasource */
async function dropDatabase(datasource) {
  const { config } = toPgConfig(datasource.url);
  await withMaintenanceClient(config, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(String(config.database))}`));
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
function describeConnectionError(error, url) {
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
