// @ts-check
// The driver adapter the WASM schema engine talks to PostgreSQL through: @prisma/adapter-pg,
// with the fixes migrations need (each one is a behaviour of the native engine we keep):
// - PostgreSQL's internal "char" type (pg_constraint.contype…) reaches the engine as Character,
//   which adapter-pg would otherwise reject;
// - a migration script runs as one simple query, as the native engine sends it, instead of
//   being split on every ";" (which breaks function bodies and string literals);
// - temporary shadow databases are dropped after their pool is closed, and a configured
//   shadow database is emptied before use;
// - the engine's start-up probe (server version) is answered even when the database does not
//   exist yet, so commands that never touch it (`migrate diff --from-empty`) still run.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The factory to hand to the engine, and `close` to release what the engine left open.
 * @param {{ url: string, shadowDatabaseUrl?: string }} datasource
 */
export function createAdapterFactory(datasource) {
  const factory = new MigrationPgFactory(datasource);
  return {
    adapterFactory: bindMigrationAwareSqlAdapterFactory(factory),
    close: () => factory.close(),
    /** The PostgreSQL error that made the last migration script fail, which the engine reports without its code. */
    takeScriptError() {
      const error = factory.lastScriptError;
      factory.lastScriptError = undefined;
      return error;
    },
  };
}

/** Connection settings as fields, so a shadow database can be reached by swapping `database`. */
export function toPgConfig(/** @type {string} */ url) {
  const config = /** @type {pg.PoolConfig & { schema?: string }} */ (parseIntoClientConfig(url));
  const schema = new URL(url).searchParams.get("schema") ?? undefined;
  delete config.schema;
  // Keep the URL's own `options` (e.g. `-c lock_timeout=5s` for migrations) next to the schema's search path.
  if (schema) config.options = [config.options, `-c search_path=${quoteIdent(schema)}`].filter(Boolean).join(" ");
  return { config, schema };
}

class MigrationPgFactory {
  provider = /** @type {const} */ ("postgres");
  adapterName = "@prisma/adapter-pg";

  /** @param {{ url: string, shadowDatabaseUrl?: string }} datasource */
  constructor(datasource) {
    this.datasource = datasource;
    const { config, schema } = toPgConfig(datasource.url);
    this.config = config;
    this.options = schema ? { schema } : undefined;
    /** @type {Set<() => Promise<void>>} pools and shadow databases still open */
    this.cleanups = new Set();
    /** @type {ScriptError | undefined} */
    this.lastScriptError = undefined;
  }

  async connect() {
    const adapter = await this.#open(this.config, this.options);
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (/** @type {import("@prisma/driver-adapter-utils").SqlQuery} */ query) => {
      try {
        return await queryRaw(query);
      } catch (error) {
        if (!isMissingDatabase(error) || !isServerProbe(query.sql)) throw error;
        const maintenance = await this.#open({ ...this.config, database: "postgres" }, this.options);
        try {
          return await maintenance.queryRaw(query);
        } finally {
          await maintenance.dispose();
        }
      }
    };
    return adapter;
  }

  async connectToShadowDb() {
    if (this.datasource.shadowDatabaseUrl) {
      const { config, schema } = toPgConfig(this.datasource.shadowDatabaseUrl);
      const adapter = await this.#open(config, schema ? { schema } : undefined);
      await emptyDatabase(/** @type {pg.Pool} */ (adapter.underlyingDriver()), schema);
      return adapter;
    }
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = new pg.Pool({ ...this.config, max: 1 });
    await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
    const dropDatabase = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
      await admin.end();
    };
    this.cleanups.add(dropDatabase);
    const adapter = await this.#open({ ...this.config, database }, this.options);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      this.cleanups.delete(dropDatabase);
      await dropDatabase();
    };
    return adapter;
  }

  /** Closes what the engine left open: pools first, then the shadow databases they used. */
  async close() {
    const cleanups = [...this.cleanups].reverse();
    this.cleanups.clear();
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }

  /**
   * @param {pg.PoolConfig} config
   * @param {{ schema: string } | undefined} options
   */
  async #open(config, options) {
    const pool = new pg.Pool(config);
    const end = () => pool.end();
    this.cleanups.add(end);
    const adapter = await new PrismaPg(pool, options).connect();
    adapter.dispose = async () => {
      this.cleanups.delete(end);
      await end();
    };
    return withMigrationFixes(adapter, (error) => (this.lastScriptError = error));
  }
}

/** @typedef {{ code?: string, message: string, detail?: string, hint?: string, position?: string }} ScriptError */

/**
 * @template {Record<string, any>} T
 * @param {T} queryable an adapter or a transaction from adapter-pg
 * @param {(error: ScriptError) => void} onScriptError
 * @returns {T}
 */
function withMigrationFixes(queryable, onScriptError) {
  /** @type {WeakMap<unknown[], number[]>} rows of results that had "char" columns → their indexes */
  const charColumns = new WeakMap();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);

  Object.assign(queryable, {
    /** @param {unknown} query */
    async performIO(query) {
      const result = await performIO(query);
      /** @type {number[]} */
      const indexes = [];
      result.fields.forEach((/** @type {{ dataTypeID: number }} */ field, /** @type {number} */ i) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_TEXT_OID;
          indexes.push(i);
        }
      });
      if (indexes.length > 0) charColumns.set(result.rows, indexes);
      return result;
    },
    /** @param {unknown} query */
    async queryRaw(query) {
      const result = await queryRaw(query);
      for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
      return result;
    },
  });

  if (typeof queryable.executeScript === "function") {
    const client = /** @type {pg.Pool} */ (queryable.underlyingDriver());
    Object.assign(queryable, {
      /** @param {string} script */
      async executeScript(script) {
        try {
          await client.query(script);
        } catch (error) {
          onScriptError(/** @type {ScriptError} */ (error));
          queryable.onError(error);
        }
      },
    });
  }
  if (typeof queryable.startTransaction === "function") {
    const startTransaction = queryable.startTransaction.bind(queryable);
    Object.assign(queryable, {
      /** @param {unknown[]} args */
      async startTransaction(...args) {
        return withMigrationFixes(await startTransaction(...args), onScriptError);
      },
    });
  }
  return queryable;
}

/** @param {any} error */
function isMissingDatabase(error) {
  return error?.cause?.kind === "DatabaseDoesNotExist";
}

/** The engine's start-up query: server-wide facts (version), not the database's contents. */
function isServerProbe(/** @type {string} */ sql) {
  return sql.includes("version()") && sql.includes("server_version_num");
}

/** Drops everything in a configured shadow database, as the native engine does before using it. */
async function emptyDatabase(/** @type {pg.Pool} */ pool, /** @type {string | undefined} */ schema) {
  const { rows } = await pool.query(
    `SELECT nspname FROM pg_namespace
     WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
  );
  for (const { nspname } of rows) await pool.query(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema ?? "public")}`);
}

export function quoteIdent(/** @type {string} */ name) {
  return `"${name.replaceAll('"', '""')}"`;
}
