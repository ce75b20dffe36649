// @ts-check
// Refuses the Prisma commands that may drop data — `migrate dev`, `migrate reset`, `db push` —
// against a production database. Production only ever runs `prisma migrate deploy`.
// Plain JavaScript: prisma.config.ts (through the package entry) and the schema engine (plain Node)
// both enforce it.

/** The commands that must never reach production, and what each engine request belongs to. */
const DESTRUCTIVE_COMMANDS = ["migrate dev", "migrate reset", "db push"];
const ENGINE_METHOD_COMMANDS = /** @type {const} */ ({
  devDiagnostic: "migrate dev",
  evaluateDataLoss: "migrate dev",
  createMigration: "migrate dev",
  reset: "migrate reset",
  schemaPush: "db push",
});

export class ProductionGuardError extends Error {
  name = "ProductionGuardError";
}

/**
 * Why `url` counts as production, or undefined when it does not.
 * Production is: NODE_ENV=production, VERCEL_ENV=production, or a database host listed in
 * PRODUCTION_DATABASE_HOSTS (comma-separated; `*.example.com` matches any subdomain).
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} url
 */
export function productionReason(env, url) {
  if (env.NODE_ENV === "production") return "NODE_ENV=production";
  if (env.VERCEL_ENV === "production") return "VERCEL_ENV=production";
  const host = url && URL.canParse(url) ? normalizeHost(new URL(url).hostname) : undefined;
  const patterns = (env.PRODUCTION_DATABASE_HOSTS ?? "").split(",").map(normalizeHost).filter(Boolean);
  const match = host && patterns.find((pattern) => hostMatches(host, pattern));
  return match ? `database host ${host} is listed in PRODUCTION_DATABASE_HOSTS (${match})` : undefined;
}

/**
 * Throws when `argv` (the Prisma CLI's arguments) is a destructive command aimed at production.
 * @param {string[]} argv e.g. ["migrate", "dev", "--name", "x"]
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} url the database the command would change
 */
export function guardCliCommand(argv, env, url) {
  const command = argv.slice(0, 2).join(" ");
  if (DESTRUCTIVE_COMMANDS.includes(command)) refuseIfProduction(command, env, url);
}

/**
 * Throws when an engine request belongs to a destructive command aimed at production.
 * @param {string} method a JSON-RPC method of the schema engine
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} url
 */
export function guardEngineMethod(method, env, url) {
  const command = /** @type {Record<string, string | undefined>} */ (ENGINE_METHOD_COMMANDS)[method];
  if (command) refuseIfProduction(command, env, url);
}

/**
 * @param {string} command
 * @param {Record<string, string | undefined>} env
 * @param {string | undefined} url
 */
function refuseIfProduction(command, env, url) {
  const reason = productionReason(env, url);
  if (!reason) return;
  throw new ProductionGuardError(
    `Refusing to run \`prisma ${command}\` against a production database (${reason}): it can drop data. ` +
      "Production applies the committed migrations with `prisma migrate deploy` (npm run db:deploy).",
  );
}

/**
 * @param {string} host
 * @param {string} pattern
 */
function hostMatches(host, pattern) {
  if (pattern.startsWith("*.")) return host.endsWith(pattern.slice(1));
  // Every name for this machine reaches the same server: listing one of them protects them all.
  return host === pattern || (isLoopback(host) && isLoopback(pattern));
}

/** Lower case, without the brackets URLs put around IPv6 addresses (`[::1]`). */
function normalizeHost(/** @type {string} */ host) {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
}

/** `localhost`, `127.0.0.0/8` and `::1`. */
function isLoopback(/** @type {string} */ host) {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
