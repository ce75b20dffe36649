import { spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { guardCliCommand, guardEngineMethod, ProductionGuardError, productionReason } from "@starter/schema-engine";
import { dropDatabase, uniqueDatabaseName, withAdmin, withDatabase } from "@/test/support/database";
import { createPrismaProject, prismaCli, projectRoot } from "@/test/support/prisma-cli";

const local = "postgresql://postgres@127.0.0.1:5432/app";
const prod = "postgresql://app:secret@db.prod.example.com:5432/app";

describe("productionReason", () => {
  it("is production under NODE_ENV=production or VERCEL_ENV=production", () => {
    expect(productionReason({ NODE_ENV: "production" }, local)).toBe("NODE_ENV=production");
    expect(productionReason({ VERCEL_ENV: "production" }, local)).toBe("VERCEL_ENV=production");
    expect(productionReason({ NODE_ENV: "development", VERCEL_ENV: "preview" }, local)).toBeUndefined();
  });

  it("is production for a database host listed in PRODUCTION_DATABASE_HOSTS, with wildcards", () => {
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: "db.prod.example.com" }, prod)).toMatch(/db\.prod\.example\.com/);
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: "other.host, *.example.com" }, prod)).toMatch(/\*\.example\.com/);
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: "*.example.com" }, "postgresql://u@example.org/db")).toBeUndefined();
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: "db.prod.example.com" }, local)).toBeUndefined();
    expect(productionReason({}, prod)).toBeUndefined();
  });

  it.each([
    ["localhost", "postgresql://postgres@127.0.0.1:5432/app"],
    ["127.0.0.1", "postgresql://postgres@localhost:5432/app"],
    ["[::1]", "postgresql://postgres@localhost/app"],
    ["::1", "postgresql://postgres@[::1]:5432/app"],
    ["LOCALHOST", "postgresql://postgres@[::1]/app"],
  ])("treats every loopback name as one host: %s listed protects %s", (listed, url) => {
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: listed }, url)).toMatch(/is listed in PRODUCTION_DATABASE_HOSTS/);
  });

  it("does not count other hosts as loopback", () => {
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: "localhost" }, "postgresql://u@10.0.0.1/app")).toBeUndefined();
    expect(productionReason({ PRODUCTION_DATABASE_HOSTS: "localhost" }, "postgresql://u@localhost.example.com/app")).toBeUndefined();
  });
});

describe("guardCliCommand", () => {
  const production = { NODE_ENV: "production" };

  it.each([
    ["migrate", "dev"],
    ["migrate", "reset", "--force"],
    ["db", "push"],
  ])("refuses prisma %s %s in production, naming migrate deploy", (...argv) => {
    expect(() => guardCliCommand(argv, production, prod)).toThrow(ProductionGuardError);
    expect(() => guardCliCommand(argv, production, prod)).toThrow(/prisma migrate deploy/);
  });

  it.each([["migrate", "deploy"], ["migrate", "status"], ["migrate", "resolve"], ["migrate", "diff"], ["generate"], ["db", "execute"]])(
    "allows prisma %s %s in production",
    (...argv) => {
      expect(() => guardCliCommand(argv, production, prod)).not.toThrow();
    },
  );

  it("allows everything outside production", () => {
    expect(() => guardCliCommand(["migrate", "reset", "--force"], { NODE_ENV: "development" }, local)).not.toThrow();
  });
});

describe("guardEngineMethod", () => {
  it.each(["devDiagnostic", "createMigration", "evaluateDataLoss", "reset", "schemaPush"])("refuses %s in production", (method) => {
    expect(() => guardEngineMethod(method, { NODE_ENV: "production" }, prod)).toThrow(ProductionGuardError);
  });

  it.each(["applyMigrations", "diagnoseMigrationHistory", "diff", "markMigrationApplied", "markMigrationRolledBack"])("allows %s in production", (method) => {
    expect(() => guardEngineMethod(method, { NODE_ENV: "production" }, prod)).not.toThrow();
  });
});

describe("with the real Prisma CLI", () => {
  const { serverUrl } = inject("testDatabase");
  const databaseName = uniqueDatabaseName();
  const target = withDatabase(serverUrl, databaseName);
  let project: Awaited<ReturnType<typeof createPrismaProject>>;

  beforeAll(async () => {
    project = await createPrismaProject("model Item {\n  id Int @id\n}");
    const init = await project.run(["migrate", "dev", "--name", "init"], target);
    expect(init.code, init.output).toBe(0);
    await withAdmin(target, (client) => client.query(`INSERT INTO "Item" (id) VALUES (1)`));
    await project.writeSchema("model Item {\n  id   Int     @id\n  name String?\n}");
  });

  afterAll(async () => {
    await project.remove();
    await dropDatabase(serverUrl, databaseName);
  });

  async function itemCount() {
    return withAdmin(target, async (client) => (await client.query(`SELECT count(*)::int AS n FROM "Item"`)).rows[0].n);
  }

  it("this repo's prisma.config.ts refuses `prisma migrate dev` under NODE_ENV=production, before touching anything", async () => {
    const result = await prismaCli(["migrate", "dev", "--name", "nope"], {
      cwd: projectRoot,
      env: { NODE_ENV: "production", DATABASE_URL: process.env.DATABASE_URL },
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/Refusing to run `prisma migrate dev` against a production database \(NODE_ENV=production\)/);
    expect(result.output).toContain("prisma migrate deploy");
    expect((await readdir(path.join(projectRoot, "prisma", "migrations"))).filter((name) => name.endsWith("_nope"))).toEqual([]);
  });

  it("this repo's prisma.config.ts refuses `db push` when the host is listed as production (by another loopback name), in one clear line", async () => {
    const result = await prismaCli(["db", "push"], {
      cwd: projectRoot,
      env: { DATABASE_URL: target, PRODUCTION_DATABASE_HOSTS: "localhost" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Refusing to run `prisma db push` against a production database \(database host 127\.0\.0\.1 is listed in PRODUCTION_DATABASE_HOSTS \(localhost\)\).*npm run db:deploy\)\.\n$/,
    );
    expect(result.output).not.toContain("Failed to load config file");
    expect(await itemCount()).toBe(1);
  });

  it("`npm run db:migrate` (scripts/prisma.ts) refuses in production before starting any database", async () => {
    const result = spawnSync(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/prisma.ts", "migrate", "dev"], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: "", DIRECT_URL: "" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Refusing to run `prisma migrate dev` against a production database (NODE_ENV=production)");
    expect(result.stdout + result.stderr).not.toMatch(/Embedded PostgreSQL|Datasource/);
  });

  it("the schema engine itself refuses `migrate reset` and `migrate dev` in production, whatever the config", async () => {
    const reset = await project.run(["migrate", "reset", "--force"], target, { NODE_ENV: "production" });
    expect(reset.code).toBe(1);
    expect(reset.output).toContain("Refusing to run `prisma migrate reset`");
    expect(await itemCount()).toBe(1);

    const dev = await project.run(["migrate", "dev", "--name", "add_name"], target, { PRODUCTION_DATABASE_HOSTS: "127.0.0.1" });
    expect(dev.code).toBe(1);
    expect(dev.output).toContain("Refusing to run `prisma migrate dev`");
    expect((await readdir(path.join(project.dir, "migrations"))).filter((name) => name.endsWith("_add_name"))).toEqual([]);
  });

  it("still applies migrations with `prisma migrate deploy` in production", async () => {
    await project.writeMigration("20990101000000_add_name", `ALTER TABLE "Item" ADD COLUMN "name" TEXT;\n`);
    const result = await project.run(["migrate", "deploy"], target, { NODE_ENV: "production" });
    expect(result.code, result.output).toBe(0);
    expect(await itemCount()).toBe(1);
  });
});
