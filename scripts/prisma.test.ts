// `npm run db:*` (scripts/prisma.ts): the Prisma CLI with this project's conventions around it.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "@/test/support/scripts";
import { copyWorkingTree, type WorkingTreeCopy } from "@/test/support/working-tree";

// In a copy of the checkout: regenerating the client here would pull lib/generated/prisma from under
// the test files and scripts running beside this one (prisma generate deletes each file, then writes
// it; a seed importing the client in between exited with ERR_MODULE_NOT_FOUND).
let checkout: WorkingTreeCopy;
beforeAll(async () => {
  checkout = await copyWorkingTree();
}, 120_000);
afterAll(() => checkout?.remove());

function dbScript(args: string[], env: Record<string, string>) {
  return runScript(path.join(checkout.root, "scripts", "prisma.ts"), args, {
    cwd: checkout.root,
    env: { ...process.env, DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent", ...env },
  });
}

describe("npm run db:migrate", { timeout: 180_000 }, () => {
  it("regenerates the Prisma client after migrate dev, which Prisma 7 no longer does itself", async () => {
    // The per-file test database already has this project's migrations: migrate dev finds it in sync.
    const result = await dbScript(["migrate", "dev"], { DATABASE_URL: process.env.DATABASE_URL! });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("Already in sync");
    expect(result.output).toMatch(/Generated Prisma Client \([\d.]+\) to \.\/lib\/generated\/prisma/);
  });
});
