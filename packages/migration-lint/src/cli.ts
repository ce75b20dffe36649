// `npm run db:check` (src/db-check.ts, the `db-check` bin): arguments in, exit code out.
// Exit 0: no unacknowledged finding. 1: findings. 2: a migration that does not parse or cannot be read, a bad
// config file, or a usage error — one line naming the problem and the fix.
import path from "node:path";
import { parseArgs } from "node:util";
import { lintMigrations } from "./lint.ts";
import { MigrationParseError } from "./parse.ts";
import { CONFIG_FILE, ConfigError, loadConfig, RULE_IDS } from "./config.ts";
import { CONNECT_TIMEOUT_MS, withPostgresVersion } from "./postgres-version.ts";
import { formatGithub, formatGitlab, formatJson, formatSarif, formatText } from "./report.ts";
import { BASELINE_FILE, DEFAULT_MIGRATIONS_DIR, UsageError, writeBaseline } from "./select.ts";

const USAGE = `Usage: npm run db:check -- [options] [migration folder or .sql file …]

Checks new Prisma migrations for statements that lock tables, rewrite them, or break the code that
is running while they apply. Which migrations: the paths given; else those added or changed since
--base (or $DB_CHECK_BASE); else those sorted after the name in <dir>/${BASELINE_FILE}; else all.

Options:
  --dir <folder>      the migrations folder (default: ${DEFAULT_MIGRATIONS_DIR})
  --base <git-ref>    check migrations added or changed since the merge-base with <git-ref>
  --all               check every migration
  --format <format>   text (default), json (machine-readable), github (GitHub Actions
                      annotations on the pull request's diff, then the summary line), sarif
                      (SARIF 2.1.0 for GitHub code scanning) or gitlab (GitLab code quality)
  --json              same as --format json
  --config <file>     the config file (default: ${CONFIG_FILE} in the working directory, if any):
                      rule levels ("error" | "warn" | "off"), "postgres" version, "exclude" globs.
                      Without "postgres", the version is read from the server at
                      $DIRECT_URL (else $DATABASE_URL), if it answers within ${CONNECT_TIMEOUT_MS / 1000} s
  --write-baseline    record the newest migration as reviewed in <dir>/${BASELINE_FILE}
  -h, --help          show this help

Allow a reviewed finding with a comment above its statement, or for every statement of the file:
  -- db-check:allow <rule>[, <rule>…] reason: <why this is safe here>
  -- db-check:allow-file <rule>[, <rule>…] reason: <why this is safe in this whole file>
A contract migration that needs a backfill (prisma/backfills, npm run db:backfill) to have finished:
  -- db-check:requires-backfill <timestamp>_<name>

Rules: ${[...RULE_IDS].join(", ")}

Exit status: 0 nothing to fix, 1 findings, 2 unparsable or unreadable migration, bad config file, or usage error.
`;

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

const OPTIONS = {
  dir: { type: "string" },
  base: { type: "string" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  format: { type: "string" },
  config: { type: "string" },
  "write-baseline": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const FORMATS = { text: formatText, json: formatJson, github: formatGithub, sarif: formatSarif, gitlab: formatGitlab };

function isFormat(name: string): name is keyof typeof FORMATS {
  return Object.hasOwn(FORMATS, name);
}

export async function runDbCheck(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const dir = path.resolve(io.cwd, values.dir ?? DEFAULT_MIGRATIONS_DIR);
    if (values["write-baseline"]) {
      if (values.all || values.base !== undefined || values.json || values.format !== undefined || positionals.length) {
        throw new UsageError("--write-baseline takes no other option than --dir.");
      }
      const name = await writeBaseline(dir);
      const file = path.relative(io.cwd, path.join(dir, BASELINE_FILE));
      io.stdout(`db-check: baseline set to ${name} in ${file}; only later migrations are checked.\n`);
      return 0;
    }
    if (values.all && values.base !== undefined) throw new UsageError("--all and --base exclude each other.");
    if (positionals.length && (values.all || values.base !== undefined)) {
      throw new UsageError("Give paths, or --all, or --base — not several.");
    }
    if (values.json && values.format !== undefined && values.format !== "json") throw new UsageError("--json and --format exclude each other.");
    const format = values.format ?? (values.json ? "json" : "text");
    if (!isFormat(format)) throw new UsageError(`Unknown --format "${format}": use text, json, github, sarif or gitlab.`);
    const config = await withPostgresVersion(loadConfig(io.cwd, values.config), io.env);
    const report = await lintMigrations({ cwd: io.cwd, dir, base: values.base, all: values.all, paths: positionals, env: io.env, config });
    io.stdout(FORMATS[format](report));
    return report.ok ? 0 : 1;
  } catch (error) {
    const message = error instanceof MigrationParseError ? error.message : usageMessage(error);
    if (message === undefined) throw error;
    io.stderr(`db-check: ${message}\n`);
    return 2;
  }
}

function usageMessage(error: unknown): string | undefined {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof UsageError) return `${error.message} (see --help)`;
  // node:util's parseArgs: its first sentence says it all ("Unknown option '--x'.").
  const isArgumentError = error instanceof TypeError && String((error as NodeJS.ErrnoException).code).startsWith("ERR_PARSE_ARGS");
  return isArgumentError ? `${error.message.replace(/\. .*$/s, ".")} (see --help)` : undefined;
}
