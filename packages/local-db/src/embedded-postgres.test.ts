import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";
import { freePort } from "@/test/support/free-port";
import { createPrismaProject, projectRoot } from "@/test/support/prisma-cli";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function newDataDir() {
  // Under the OS temp dir in a 0700 folder: as root, the server user cannot reach it, which
  // exercises the relocation to /var/tmp.
  const dir = await mkdtemp(path.join(os.tmpdir(), "embedded-pg-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, "data");
}

async function start(dataDir: string) {
  const server = await startEmbeddedPostgres({ dataDir, port: 0, databases: ["app"], ephemeral: true });
  cleanups.push(async () => {
    await server.stop();
    await rm(server.dataDir, { recursive: true, force: true });
  });
  return server;
}

async function sql<T extends pg.QueryResultRow>(server: EmbeddedPostgres, text: string) {
  const client = new pg.Client(server.url("app"));
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

// Each test starts up to three servers, one after the other (the first two on new data: initdb).
describe("embedded PostgreSQL", { timeout: budgetFor(BUDGET_MS.databaseStart, BUDGET_MS.databaseStart, BUDGET_MS.databaseStart) }, () => {
  it("is a real PostgreSQL 18 that keeps its data across stop and restart", async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    const [version] = await sql<{ server_version_num: string }>(first, "SHOW server_version_num");
    expect(Number(version!.server_version_num)).toBeGreaterThanOrEqual(180000);
    await sql(first, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    await expect(sql(first, "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);

    const second = await start(dataDir);
    expect(second.dataDir).toBe(first.dataDir);
    expect(await sql(second, "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
    await second.stop();
  });

  it("shares the server another process already runs on the same data, and leaves it running", async () => {
    const dataDir = await newDataDir();
    const owner = await start(dataDir);
    const guest = await start(dataDir);
    expect(owner.owned).toBe(true);
    expect(guest.owned).toBe(false);
    expect(guest.port).toBe(owner.port);
    await guest.stop();
    expect(await sql(owner, "SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    await owner.stop();
  });

  it("starts two servers at once that chose the same free port: one binds it, the other moves to another port", async () => {
    // Initialised first, so that both starts reach the port at the same moment (initdb would space them out).
    const dataDirs = [await newDataDir(), await newDataDir()];
    for (const dataDir of dataDirs) await (await start(dataDir)).stop();
    const port = await freePort();

    const servers = await Promise.all(dataDirs.map((dataDir) => startEmbeddedPostgres({ dataDir, port, ephemeral: true })));
    cleanups.push(async () => void (await Promise.all(servers.map((server) => server.stop()))));
    expect(servers.map((server) => server.port)).toContain(port);
    expect(servers[0]!.port).not.toBe(servers[1]!.port);
    // Each handle reaches its own server, on its own data: not the one that won the port.
    for (const server of servers) {
      const client = new pg.Client(server.url("postgres"));
      await client.connect();
      const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
      await client.end();
      expect(rows[0]!.data_directory).toBe(server.dataDir);
    }
  });

  it("runs prisma migrate dev on PostgreSQL 18, where NOT NULL columns are constraints", async () => {
    const server = await start(await newDataDir());
    const project = await createPrismaProject("model Item {\n  id   Int    @id\n  name String\n}");
    cleanups.push(() => project.remove());
    const url = server.url("app");

    const first = await project.run(["migrate", "dev", "--name", "init"], url);
    expect(first.code, first.output).toBe(0);
    await sql(server, `ALTER TABLE "Item" ADD CONSTRAINT name_not_blank CHECK (name <> '')`);
    await project.writeSchema("model Item {\n  id    Int    @id\n  name  String\n  price Int    @default(0)\n}");
    const second = await project.run(["migrate", "dev", "--name", "add_price"], url);
    expect(second.code, second.output).toBe(0);
    expect(await sql(server, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Item' ORDER BY 1`)).toEqual([
      { column_name: "id" },
      { column_name: "name" },
      { column_name: "price" },
    ]);
  });
});

// As root, the suite above covers the root path; this covers an ordinary user. (When the suite
// runs as an ordinary user, the tests above already are that case.)
const unprivileged = "nobody";
const canTestAsUnprivileged =
  process.getuid?.() === 0 &&
  spawnSync("runuser", ["-u", unprivileged, "--", "test", "-r", path.join(projectRoot, "packages", "local-db", "src", "embedded-postgres.ts")]).status === 0;

describe.runIf(canTestAsUnprivileged)("embedded PostgreSQL as an ordinary user", { timeout: budgetFor(BUDGET_MS.databaseStart) }, () => {
  it("starts with its data in the requested folder, owned by that user", async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), "embedded-pg-user-"));
    cleanups.push(() => rm(scratch, { recursive: true, force: true }));
    await chmod(scratch, 0o777);
    const script = path.join(scratch, "start.mts");
    await writeFile(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(projectRoot, "packages", "local-db", "src", "embedded-postgres.ts"))};
const server = await startEmbeddedPostgres({ dataDir: process.argv[2], port: 0, databases: ["app"], ephemeral: true });
console.log(JSON.stringify({ uid: process.getuid(), dataDir: server.dataDir }));
await server.stop();
`,
    );
    await chmod(script, 0o644);
    const dataDir = path.join(scratch, "data");
    const result = spawnSync("runuser", ["-u", unprivileged, "--", path.join(projectRoot, "node_modules", ".bin", "tsx"), script, dataDir], {
      cwd: projectRoot,
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    const started = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(started.uid).not.toBe(0);
    expect(started.dataDir).toBe(dataDir);
  });
});
