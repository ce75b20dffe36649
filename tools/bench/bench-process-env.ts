// Imported first by index.ts, before any lib/ module: the bench process itself uses the app's code
// to seed and check data, and must do so quietly — no Prisma query log (NODE_ENV=development would
// turn it on) and no pino lines.

/** The environment the bench was started with: what the processes it starts inherit, not the tweaks below. */
export const inheritedEnv: NodeJS.ProcessEnv = { ...process.env };

const env = process.env as Record<string, string | undefined>; // Next.js types NODE_ENV as read-only
env.NODE_ENV ??= "test";
env.LOG_LEVEL ??= "silent";
