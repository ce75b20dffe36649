// `npm run db:*` (scripts/prisma.ts): the Prisma CLI with this project's conventions around it.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropDatabase, uniqueDatabaseName, withDatabase } from "@/test/support/database";
import { runScript } from "@/test/support/scripts";
import { copyWorkingTree, type WorkingTreeCopy } from "@/test/support/working-tree";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

// In a copy of the checkout: regenerating the client here would pull lib/generated/prisma from under
// the test files and scripts running beside this one (prisma generate deletes each file, then writes
// it; a seed importing the client in between exited with ERR_MODULE_NOT_FOUND).
let checkout: WorkingTreeCopy;
beforeAll(async () => {
  checkout = await copyWorkingTree();
}, budgetFor(BUDGET_MS.copy));
afterAll(() => checkout?.remove());

function dbScript(args: string[], env: Record<string, string>) {
  return runScript(path.join(checkout.root, "scripts", "prisma.ts"), args, {
    cwd: checkout.root,
    env: { ...process.env, DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent", ...env },
  });
}

describe("npm run db:migrate", { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command) }, () => {
  it("regenerates the Prisma client after migrate dev, which Prisma 7 no longer does itself", async () => {
    // The per-file test database already has this project's migrations: migrate dev finds it in sync.
    const result = await dbScript(["migrate", "dev"], { DATABASE_URL: process.env.DATABASE_URL! });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("Already in sync");
    expect(result.output).toMatch(/Generated Prisma Client \([\d.]+\) to \.\/lib\/generated\/prisma/);
  });
});

describe("how a db:* command ends", { timeout: budgetFor(BUDGET_MS.command, BUDGET_MS.command) }, () => {
  const { serverUrl } = inject("testDatabase");
  const empty = uniqueDatabaseName("db_status");
  afterAll(() => dropDatabase(serverUrl, empty));

  it("at a terminal: a sentence after Prisma's own message, never a raw JSON log line", async () => {
    await createDatabase(serverUrl, empty);
    // Every migration pending: prisma migrate status exits 1.
    const result = await dbScript(["migrate", "status"], { DATABASE_URL: withDatabase(serverUrl, empty), LOG_LEVEL: "info", CI: "", LOG_FORMAT: "" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("have not yet been applied");
    expect(result.output.trimEnd()).toMatch(/\nprisma migrate status failed \(exit code 1\): Prisma's message above says why\.$/);
    expect(result.output).not.toContain('"level"');
  });

  it("in CI: the JSON line, at error level, for the log drain", async () => {
    const result = await dbScript(["migrate", "status"], { DATABASE_URL: withDatabase(serverUrl, empty), LOG_LEVEL: "info", CI: "true", LOG_FORMAT: "" });
    expect(result.code).toBe(1);
    const line = result.output.split("\n").find((text) => text.includes('"prisma.command"'));
    expect(JSON.parse(line!)).toMatchObject({ level: 50, event: "prisma.command", command: "migrate status", exitCode: 1 });
  });
});
