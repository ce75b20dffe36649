// `npm run db:reset`: the development database from scratch — wiped, every migration applied, the demo
// data seeded again (demo@example.com, teammate@example.com and their team). Only the embedded
// development database (npm run dev's, its data in .data/postgres): with DATABASE_URL or DIRECT_URL
// set (in the shell or the .env files) it refuses, since that database may be anybody's.
// Exit 0: reset; 1: a step failed; 2: refused.
import "./env-files.ts";
import { DevDatabaseRefusal, withDevDatabaseFallback } from "@starter/local-db";
import { runOrThrow } from "./run.ts";

const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
const set = ["DATABASE_URL", "DIRECT_URL"].filter((name) => env[name]);
if (set.length > 0) {
  console.error(
    `db:reset: refused: ${set.join(" and ")} ${set.length === 1 ? "is" : "are"} set, and db:reset only resets the development database ` +
      `(the embedded PostgreSQL npm run dev uses when neither is set). Unset ${set.join(" and ")} to reset that one; ` +
      "a database of your own you reset yourself, with: npx prisma migrate reset",
  );
  process.exit(2);
}

const database = await withDevDatabaseFallback(env).catch((error: unknown) => {
  if (!(error instanceof DevDatabaseRefusal)) throw error;
  console.error(`db:reset: refused: ${error.message}`);
  process.exit(2);
});
try {
  // migrate reset drops everything and applies every migration (prisma.config.ts guards it against
  // production); the seed then runs on its own, as `npm run dev` runs it.
  await runOrThrow("prisma", ["migrate", "reset", "--force"], database.env);
  await runOrThrow("tsx", ["prisma/seed.ts"], database.env);
} catch (error) {
  console.error(`db:reset: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.stop();
}
if (!process.exitCode)
  console.log("db:reset: the development database is as new: migrated, and seeded with demo@example.com, teammate@example.com and their team.");
