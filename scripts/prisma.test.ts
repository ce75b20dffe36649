// `npm run db:*` (scripts/prisma.ts): the Prisma CLI with this project's conventions around it.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";

function dbScript(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["scripts/prisma.ts", ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: "", DIRECT_URL: "", LOG_LEVEL: "silent", ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => resolve({ code: code ?? 1, output }));
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
