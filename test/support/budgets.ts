// How long a test waits for a helper process (a database, `npm run dev`, a browser) before calling it
// hung — the one place these numbers live. They are sized for the slowest machine the suite runs on:
// 2 cores running the whole suite (two test files at once, each of which may compile a Next.js app),
// and they are never a speed assertion: `npm run bench` measures speed. A wait that runs out fails
// with the helper's output (test/support/processes.ts), so a red run says what the helper was doing.
export const BUDGET_MS = {
  /** An embedded PostgreSQL from nothing: initdb, then the server's start. */
  databaseStart: 120_000,
  /** `npm run dev` in a fresh copy, until /api/health answers: PostgreSQL, migrations, seed, the first compile. */
  devServerStart: 240_000,
  /** `next dev` compiling a page or route on its first request. */
  firstCompile: 120_000,
  /** Chromium's start (Playwright's launch). */
  browserLaunch: 60_000,
  /** A server stopping after Ctrl-C: Next.js, then PostgreSQL's shutdown checkpoint. */
  stop: 60_000,
  /** One command in a child process: Node and tsx starting, then Prisma's schema engine or the script's own work. */
  command: 60_000,
  /** `npm pack` of a workspace package, or `npm install` of one from npm's cache. */
  install: 120_000,
  /** A copy of the checkout (its files, or a git clone) for a test that changes it. */
  copy: 60_000,
  /** Many statements in a row in the test's own process: a backfill's batches, hundreds of API requests. */
  databaseWork: 60_000,
  /** A release run through the real commands in a scratch project: migrations, backfills, seed, its own tests. */
  release: 240_000,
  /** A test that starts no helper process (Vitest's default for every test). */
  test: 30_000,
  /** A hook preparing a test file's database from the migrated template (Vitest's default for hooks). */
  hook: 60_000,
} as const;

/** A test's timeout for the waits it makes in a row: their budgets, plus a minute for its own work. */
export function budgetFor(...waits: number[]) {
  return waits.reduce((sum, wait) => sum + wait, 60_000);
}
