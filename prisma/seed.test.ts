// The seed runs inside `npm run dev`: its output is one line, unless query logging is asked for.
import { describe, expect, it } from "vitest";
import { runScript } from "@/test/support/scripts";

const seedEnv = (extra: Record<string, string> = {}) => {
  const { NODE_ENV: _, LOG_QUERIES: __, ...env } = process.env; // as `npm run dev` runs it: development, no opt-in
  return { ...env, ...extra } as NodeJS.ProcessEnv;
};

describe("prisma/seed.ts", () => {
  it("prints no SQL by default, only what it seeded", async () => {
    const result = await runScript("prisma/seed.ts", [], { env: seedEnv() });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain("prisma:query");
    expect(result.output.trim()).toBe("Seeded demo@example.com");
  });

  it("prints every statement with LOG_QUERIES=1", async () => {
    const result = await runScript("prisma/seed.ts", [], { env: seedEnv({ LOG_QUERIES: "1" }) });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/prisma:query .*"User"/);
  });
});
