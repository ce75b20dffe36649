// `npm run dev` from nothing: embedded PostgreSQL, migrations, seed, Next.js — then Ctrl-C.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";
import { relocatedDataDir } from "@starter/local-db";

const STARTUP_BUDGET_MS = 60_000;
let scratch: string;
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(relocatedDataDir(path.join(scratch, "pg")), { recursive: true, force: true });
});

function freePort() {
  return new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startDev(dataDir: string, port: number, databaseUrl?: string, extraArgs: string[] = []) {
  const env = { ...process.env, EMBEDDED_POSTGRES_DIR: dataDir, NODE_ENV: "development" } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.DIRECT_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  // Its own process group, so the test can send Ctrl-C to all of it as a terminal would.
  const child = spawn(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/dev.ts", "--port", String(port), ...extraArgs], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

async function waitFor200(url: string, dev: { child: ChildProcess; output: () => string }) {
  const deadline = Date.now() + STARTUP_BUDGET_MS;
  while (Date.now() < deadline) {
    if (dev.child.exitCode !== null) throw new Error(`npm run dev exited early:\n${dev.output()}`);
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${STARTUP_BUDGET_MS / 1000}s:\n${dev.output()}`);
}

async function ctrlC(child: ChildProcess) {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  process.kill(-child.pid!, "SIGINT");
  return exited;
}

describe("npm run dev with no DATABASE_URL", { timeout: 180_000 }, () => {
  it("serves / and a database-backed /api/health, stops cleanly on Ctrl-C, and keeps the data for the next start", async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "dev-runner-test-"));
    const dataDir = path.join(scratch, "pg");
    const port = await freePort();

    const started = Date.now();
    const dev = startDev(dataDir, port);
    await waitFor200(`http://127.0.0.1:${port}/api/health`, dev);
    expect(Date.now() - started).toBeLessThan(STARTUP_BUDGET_MS);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    const databaseUrl = /Embedded PostgreSQL started: (\S+)/.exec(dev.output())?.[1];
    expect(databaseUrl).toBeDefined();

    expect(await ctrlC(dev.child)).toBe(0);
    const realDataDir = existsSync(path.join(dataDir, "PG_VERSION")) ? dataDir : relocatedDataDir(dataDir);
    expect(existsSync(path.join(realDataDir, "postmaster.pid"))).toBe(false); // shut down, not killed
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    const again = startDev(dataDir, port);
    await waitFor200(`http://127.0.0.1:${port}/api/health`, again);
    const url = /Embedded PostgreSQL started: (\S+)/.exec(again.output())![1]!;
    const client = new pg.Client(url);
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS users FROM "User"`);
    await client.end();
    expect(rows).toEqual([{ users: 1 }]); // the seed ran twice, the data was kept, nothing duplicated
    expect(await ctrlC(again.child)).toBe(0);
  });
});

describe("npm run dev with DATABASE_URL set", { timeout: 120_000 }, () => {
  it("uses that database and starts no embedded one", async () => {
    const dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), "dev-runner-url-")), "pg");
    const port = await freePort();
    const dev = startDev(dataDir, port, process.env.DATABASE_URL);
    await waitFor200(`http://127.0.0.1:${port}/api/health`, dev);
    expect(dev.output()).toContain("Using DATABASE_URL");
    expect(dev.output()).not.toContain("Embedded PostgreSQL");
    expect(existsSync(dataDir)).toBe(false);
    expect(await ctrlC(dev.child)).toBe(0);
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });
});

/** The command lines of the processes holding a TCP connection to `port` on this machine (Linux: `ss`, /proc). */
function processesConnectedTo(port: number) {
  const lines = execFileSync("ss", ["-tnpH", "state", "established", "dst", `127.0.0.1:${port}`], { encoding: "utf8" });
  const pids = new Set([...lines.matchAll(/pid=(\d+)/g)].map((match) => match[1]!));
  return [...pids].map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "));
}

describe("npm run dev -- --accelerate", { timeout: 180_000 }, () => {
  it("runs the app on a local Accelerate endpoint in front of the embedded PostgreSQL, and stops both on Ctrl-C", async () => {
    const scratchDir = await mkdtemp(path.join(os.tmpdir(), "dev-runner-accelerate-"));
    const dataDir = path.join(scratchDir, "pg");
    const port = await freePort();
    const dev = startDev(dataDir, port, undefined, ["--accelerate"]);
    await waitFor200(`http://127.0.0.1:${port}/api/health`, dev);

    const databaseUrl = /Embedded PostgreSQL started: (\S+)/.exec(dev.output())![1]!;
    const accelerateUrl = /Local Accelerate endpoint: DATABASE_URL=(\S+)/.exec(dev.output())?.[1];
    expect(accelerateUrl).toMatch(/^prisma\+postgres:\/\/127\.0\.0\.1:\d+\/\?api_key=\w+$/);
    // The app reached the database only through the endpoint: the one process connected to
    // PostgreSQL is the endpoint's (scripts/dev.ts itself), never Next.js.
    const connected = processesConnectedTo(Number(new URL(databaseUrl).port));
    expect(connected).toEqual([expect.stringContaining("scripts/dev.ts")]);

    expect(await ctrlC(dev.child)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${new URL(accelerateUrl!).port}/health`)).rejects.toThrow();
    const realDataDir = existsSync(path.join(dataDir, "PG_VERSION")) ? dataDir : relocatedDataDir(dataDir);
    expect(existsSync(path.join(realDataDir, "postmaster.pid"))).toBe(false);
    await rm(scratchDir, { recursive: true, force: true });
    await rm(relocatedDataDir(dataDir), { recursive: true, force: true });
  });

  it("refuses a DATABASE_URL that already is an Accelerate URL, before starting anything", async () => {
    const dev = startDev(path.join(os.tmpdir(), "dev-runner-unused"), await freePort(), "prisma+postgres://accelerate.prisma-data.net/?api_key=k", [
      "--accelerate",
    ]);
    const code = await new Promise<number | null>((resolve) => dev.child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(dev.output()).toContain("--accelerate needs a postgres:// DATABASE_URL (or none)");
    expect(dev.output()).not.toMatch(/Local Accelerate endpoint|Ready in/);
  });
});
