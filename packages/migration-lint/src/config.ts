// The project's db-check settings: db-check.config.json beside package.json (or the file --config names).
//
//   {
//     "postgres": "15.4",                             // the server the migrations run on: version-dependent rules
//     "rules": { "lock-timeout": "off", "drop-not-null": "error" },   // "error" | "warn" | "off"
//     "exclude": ["prisma/migrations/2023*/**"]       // migrations never checked (still replayed as history)
//   }
//
// Every key is optional; without a file, every rule has its default level (DEFAULT_LEVELS). A malformed file is a
// ConfigError, which the CLI reports in one line naming the problem and the fix (exit 2).
import { readFileSync } from "node:fs";
import path from "node:path";
import { DO_BLOCK_NOT_CHECKED } from "./do-blocks.ts";
import { rules } from "./rules/index.ts";
import type { LintSettings, PostgresVersion } from "./rules/rule.ts";
import { UsageError } from "./select.ts";
import type { RuleId } from "./types.ts";

export const CONFIG_FILE = "db-check.config.json";

export type RuleLevel = "error" | "warn" | "off";

const LEVELS: readonly RuleLevel[] = ["error", "warn", "off"];

/**
 * Rules that report what may be fine, and that the project decides once: they warn unless the config makes
 * them errors. lock-timeout: a role-level lock_timeout makes it moot; drop-not-null matters only where old
 * instances serve during a deploy; unique-on-existing-data depends on the data. statement-timeout is off
 * unless the project turns it on: a statement timeout also cancels the long work that blocks nothing
 * (CREATE INDEX CONCURRENTLY, VALIDATE), so whether every migration should carry one is the project's call.
 */
export const DEFAULT_LEVELS: Partial<Record<RuleId, RuleLevel>> = {
  "lock-timeout": "warn",
  "statement-timeout": "off",
  "drop-not-null": "warn",
  "unique-on-existing-data": "warn",
};

export class ConfigError extends UsageError {
  override name = "ConfigError";
}

export interface DbCheckConfig extends LintSettings {
  /** Levels set by the config; the others are DEFAULT_LEVELS or "error". */
  rules: Partial<Record<RuleId, RuleLevel>>;
  /** Globs (relative to the config's folder) of migration files never checked. */
  exclude: string[];
  /** The folder the exclude globs are relative to. */
  root: string;
}

export const RULE_IDS: ReadonlySet<string> = new Set<string>([...rules.map((rule) => rule.id), DO_BLOCK_NOT_CHECKED]);

export function levelOf(config: Pick<DbCheckConfig, "rules"> | undefined, rule: string): RuleLevel {
  return config?.rules[rule as RuleId] ?? DEFAULT_LEVELS[rule as RuleId] ?? "error";
}

export function defaultConfig(root: string): DbCheckConfig {
  return { rules: {}, exclude: [], root };
}

/** "15", "14.3", "18beta1" → { major, minor }; undefined when it is not a version. */
export function parsePostgresVersion(text: string): PostgresVersion | undefined {
  const match = /^(\d{1,2})(?:\.(\d{1,3}))?(?:(?:beta|rc)\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0) };
}

/**
 * The config at `file` (given by --config: it must exist), else db-check.config.json in `cwd` when there is one,
 * else the defaults.
 */
export function loadConfig(cwd: string, file?: string): DbCheckConfig {
  const given = file !== undefined;
  const configFile = path.resolve(cwd, file ?? CONFIG_FILE);
  const shown = path.relative(cwd, configFile) || configFile;
  let text: string;
  try {
    text = readFileSync(configFile, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !given) return defaultConfig(cwd);
    throw new ConfigError(`${shown}: cannot read it (${code ?? (error as Error).message}); fix the path given to --config.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${shown}: not valid JSON (${(error as Error).message}); fix the syntax.`);
  }
  return validate(raw, shown, path.dirname(configFile));
}

function validate(raw: unknown, shown: string, root: string): DbCheckConfig {
  const problem = (what: string, fix: string) => new ConfigError(`${shown}: ${what}; ${fix}.`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw problem("it is not a JSON object", 'write { "rules": { … } }');
  const config = defaultConfig(root);
  for (const [key, value] of Object.entries(raw)) {
    if (key === "$schema" || key === "$comment") continue;
    if (key === "postgres") {
      const version = typeof value === "string" || typeof value === "number" ? parsePostgresVersion(String(value)) : undefined;
      if (!version) throw problem(`"postgres" is ${JSON.stringify(value)}, not a PostgreSQL version`, 'write it as "15" or "14.3"');
      config.postgres = version;
      config.postgresFrom = shown;
    } else if (key === "rules") {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        throw problem(`"rules" is not an object`, 'write { "<rule>": "off" | "warn" | "error" }');
      for (const [rule, level] of Object.entries(value)) {
        if (!RULE_IDS.has(rule)) throw problem(`unknown rule "${rule}" in "rules"`, "use a rule id from `db-check --help` (the README's rule table)");
        if (!LEVELS.includes(level as RuleLevel)) throw problem(`rule "${rule}" is set to ${JSON.stringify(level)}`, 'use "error", "warn" or "off"');
        config.rules[rule as RuleId] = level as RuleLevel;
      }
    } else if (key === "exclude") {
      if (!Array.isArray(value) || !value.every((glob) => typeof glob === "string" && glob !== "")) {
        throw problem(`"exclude" is not a list of paths`, 'write ["prisma/migrations/<folder>/**", …]');
      }
      config.exclude = value;
    } else {
      throw problem(`unknown key "${key}"`, 'the keys are "postgres", "rules" and "exclude"');
    }
  }
  return config;
}

/** A glob (`*` within a path segment, `**` across them, `?` one character) as a RegExp on /-separated paths. */
function globPattern(glob: string): RegExp {
  let pattern = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*" && glob[i + 1] === "*") {
      pattern += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (char === "*") pattern += "[^/]*";
    else if (char === "?") pattern += "[^/]";
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${pattern.replace(/\/$/, "")}(?:/.*)?$`);
}

/** Whether a migration file (absolute) matches one of the config's exclude globs. */
export function isExcluded(config: DbCheckConfig, file: string): boolean {
  if (!config.exclude.length) return false;
  const relative = path.relative(config.root, file).split(path.sep).join("/");
  return config.exclude.some((glob) => globPattern(glob).test(relative));
}
