#!/usr/bin/env node
// @ts-check
// A stand-in for Prisma's native `schema-engine` binary, which cannot be downloaded in offline or
// locked-down environments. The Prisma CLI runs it through PRISMA_SCHEMA_ENGINE_BINARY (set in
// prisma.config.ts) and speaks the same protocol to it: JSON-RPC over stdin/stdout, JSON log lines
// on stderr, and one-shot `cli` commands. The work is done by the WASM schema engine that ships
// inside the `prisma` package, connected to PostgreSQL through @prisma/adapter-pg.
import { createRequire } from "node:module";
import { runCliCommand } from "./cli.mjs";
import { fail } from "./log.mjs";
import { serveRpc } from "./rpc.mjs";

const require = createRequire(import.meta.url);

/**
 * @typedef {import("./cli.mjs").Datasource} Datasource
 * @typedef {{ datamodels: string[], datasource?: Datasource, cliCommand?: string, version: boolean }} EngineArgs
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
  await serveRpc({ datamodels: args.datamodels, datasource: requireDatasource(args) });
}

/** @param {string[]} argv */
function parseArgs(argv) {
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

/** @param {EngineArgs} args */
function requireDatasource(args) {
  if (!args.datasource?.url) fail("--datasource with a url is required (set it in prisma.config.ts)");
  return /** @type {Datasource} */ (args.datasource);
}
