// `npm run db:*`: the Prisma CLI, on the embedded development database when neither DATABASE_URL
// nor DIRECT_URL is set (started for the command and stopped after, unless `npm run dev` has it up).
import { startDevDatabase } from "./dev-database.ts";
import { runForeground } from "./run.ts";

const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
let stopDatabase = async () => {};

if (!env.DATABASE_URL && !env.DIRECT_URL) {
  const { server, url } = await startDevDatabase();
  stopDatabase = () => server.stop();
  env.DATABASE_URL = url;
}

await runForeground("prisma", process.argv.slice(2), env, stopDatabase);
