// `npm run db:maintain` runs the same job as the cron route, from a shell, and logs what it removed.
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { runScript } from "@/test/support/scripts";
import { BUDGET_MS, budgetFor } from "@/test/support/budgets";

const db = getDb();
afterAll(() => db.$disconnect());

describe("npm run db:maintain", () => {
  it(
    "deletes what has expired on DATABASE_URL and logs one JSON line about it (LOG_FORMAT=json, as in CI)",
    async () => {
      const user = await db.user.create({ data: { email: "db-maintain@example.com" } });
      await db.session.createMany({
        data: [
          { sessionToken: "maintain-expired", userId: user.id, expires: new Date(Date.now() - 60_000) },
          { sessionToken: "maintain-live", userId: user.id, expires: new Date(Date.now() + 60_000) },
        ],
      });
      // Not spawnSync: on the Accelerate path the endpoint answering the script runs in this process.
      const run = await runScript("scripts/db-maintain.ts", [], { env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", LOG_FORMAT: "json" } });
      expect(run.code, run.stderr).toBe(0);
      const line = run.stdout.split("\n").find((text) => text.includes('"db.maintenance"'));
      expect(JSON.parse(line!)).toMatchObject({ event: "db.maintenance", removed: { sessions: 1 }, complete: true });
      expect(await db.session.findMany({ where: { userId: user.id }, select: { sessionToken: true } })).toEqual([{ sessionToken: "maintain-live" }]);
    },
    budgetFor(BUDGET_MS.command),
  );

  it(
    "says what it removed in a sentence at a terminal, with no JSON",
    async () => {
      const run = await runScript("scripts/db-maintain.ts", [], { env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", CI: "", LOG_FORMAT: "" } });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^db:maintain: removed \d+ sessions, .* in \d+ ms\.$/m);
      expect(run.stdout).not.toContain("{");
    },
    budgetFor(BUDGET_MS.command),
  );
});
