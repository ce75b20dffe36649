// 3b. Hot reloads in development must not open a new pool each time. lib/db.ts keeps its client on
// globalThis outside production for exactly this. Here `next dev` serves /api/health (which queries
// through lib/db.ts) while lib/db.ts itself changes 20 times, and the app's connections to the
// database are counted after each reload.
//
// Why lib/db.ts, in a copy of the tree:
// - an edit reloads the edited module and the modules that import it, not what it imports: an edit
//   of app/api/health/route.ts leaves lib/db.ts (and its pool) alone, so it would pass whatever
//   lib/db.ts did. Only an edit of lib/db.ts (or of something it imports) evaluates it again;
// - the working tree is shared with people editing it, so the edits happen in a throwaway copy.
// A control run then takes the globalThis reuse away from the copy's lib/db.ts and repeats the
// reloads: the connections must grow there, or the measurement could not see a leak at all.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { spawnGroup, waitFor200, type GroupProcess } from "./processes.ts";
import { countAppConnections } from "./sampler.ts";
import { freePort } from "../../test/harness.ts";
import { appEnv, connectAsBench, POOL_SIZE } from "./server.ts";
import { copyWorkingTree } from "./tree-copy.ts";

export const RELOADS = 20;
const EDITED = path.join("lib", "db.ts");
/** How long after a request the count is watched (a leaked pool would keep its idle connections 10 s). */
const SETTLE_MS = 400;
/** `next dev`'s request log: "GET /api/health 200 in 35ms (next.js: 28ms, proxy.ts: 2ms, application-code: 5ms)". */
const REQUEST_LINE = /GET \/api\/health \d{3} in .*?next\.js: ([\d.]+)(ms|s)/;

export type ReloadRun = {
  firstCompileMs: number;
  beforeReloads: number;
  /** App connections after each reload (the most seen while it settled). */
  afterEach: number[];
  afterFirst: number;
  afterLast: number;
  maxSeen: number;
  /** Next.js's own time for a request (its request log): without an edit, and first after each edit. */
  nextjsMs: { withoutEdit: number[]; afterEdit: (number | null)[] };
};

export type HotReloadSection = {
  editedFile: string;
  reloads: number;
  poolSize: number;
  asIs: ReloadRun;
  /** The same reloads with lib/db.ts's globalThis reuse taken away. */
  control: ReloadRun;
};

export async function benchHotReload(
  options: { databaseUrl: string; database: string },
  cleanup: Cleanup,
): Promise<{ section: HotReloadSection; checks: Check[] }> {
  const root = await copyWorkingTree(cleanup);
  const edited = path.join(root, EDITED);
  const client = await connectAsBench(options.databaseUrl, "sampler");
  const disconnect = cleanup.add("hot-reload sampler", () => client.end());
  try {
    const asIs = await reloadRun(root, edited, options, client, cleanup);
    console.error(`  hot reloads: app connections after reload 1 = ${asIs.afterFirst}, after reload ${RELOADS} = ${asIs.afterLast}, max ${asIs.maxSeen}`);

    await writeFile(edited, withoutGlobalReuse(await readFile(edited, "utf8")));
    await waitForNoAppConnections(client, options.database);
    const control = await reloadRun(root, edited, options, client, cleanup);
    console.error(
      `  control (no globalThis reuse): after reload 1 = ${control.afterFirst}, after reload ${RELOADS} = ${control.afterLast}, max ${control.maxSeen}`,
    );

    const section: HotReloadSection = { editedFile: `${EDITED} (in a copy of the working tree)`, reloads: RELOADS, poolSize: POOL_SIZE, asIs, control };
    const checks = [
      check(
        "hot-reload",
        `app connections stay ≤ DATABASE_POOL_SIZE (${POOL_SIZE}) over ${RELOADS} reloads of lib/db.ts`,
        asIs.maxSeen <= POOL_SIZE,
        `max ${asIs.maxSeen}`,
      ),
      check("hot-reload", "no growth: after reload 20 ≤ after reload 1", asIs.afterLast <= asIs.afterFirst, `${asIs.afterFirst} → ${asIs.afterLast}`),
      check(
        "hot-reload",
        "the measurement sees a leak: without the globalThis reuse, the same reloads grow the connections",
        control.afterLast > control.afterFirst,
        `${control.afterFirst} → ${control.afterLast}`,
      ),
    ];
    return { section, checks };
  } finally {
    await disconnect();
  }
}

async function reloadRun(
  root: string,
  edited: string,
  options: { databaseUrl: string; database: string },
  client: pg.Client,
  cleanup: Cleanup,
): Promise<ReloadRun> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const health = `${baseUrl}/api/health`;
  const env = appEnv({ databaseUrl: options.databaseUrl, baseUrl, nodeEnv: "development" });
  const dev = spawnGroup(
    "next dev (hot reloads)",
    path.join(root, "node_modules", ".bin", "next"),
    ["dev", "--port", String(port), "--hostname", "127.0.0.1"],
    env,
    cleanup,
    root,
  );
  try {
    const started = performance.now();
    await waitFor200(health, dev, 180_000);
    const firstCompileMs = Math.round(performance.now() - started);
    const withoutEdit: number[] = [];
    for (let i = 0; i < 3; i++) withoutEdit.push((await requestAndReadLog(dev, health)) ?? Number.NaN);
    const beforeReloads = await settledCount(client, options.database);

    const original = await readFile(edited, "utf8");
    const afterEach: number[] = [];
    const afterEdit: (number | null)[] = [];
    for (let reload = 1; reload <= RELOADS; reload++) {
      // A different comment each time: content the compiler has not seen, so nothing comes from its cache.
      await writeFile(edited, `${original.replace(/\n?$/, "\n")}// bench: simulated hot reload ${reload}\n`);
      // The file watcher needs a moment to see the write; a request before that is served by the old module.
      await new Promise((resolve) => setTimeout(resolve, 300));
      afterEdit.push(await requestAndReadLog(dev, health));
      afterEach.push(await settledCount(client, options.database));
    }
    await writeFile(edited, original);
    return {
      firstCompileMs,
      beforeReloads,
      afterEach,
      afterFirst: afterEach[0]!,
      afterLast: afterEach.at(-1)!,
      maxSeen: Math.max(beforeReloads, ...afterEach),
      nextjsMs: { withoutEdit, afterEdit },
    };
  } finally {
    await dev.stop();
  }
}

/**
 * lib/db.ts without any reuse across reloads, whatever its shape: a module-local `globalThis` (and
 * `global`), fresh at every evaluation, hides the real one — so nothing survives a reload.
 */
export function withoutGlobalReuse(source: string): string {
  return `const globalThis = {}; const global = globalThis; // bench control: no reuse across reloads\n${source}`;
}

/** One request; then Next.js's own time for it, from the request line `next dev` logs (null if none within 3 s). */
async function requestAndReadLog(dev: GroupProcess, url: string): Promise<number | null> {
  const from = dev.lines().length;
  await waitFor200(url, dev, 60_000);
  const deadline = performance.now() + 3000;
  while (performance.now() < deadline) {
    const match = dev
      .lines()
      .slice(from)
      .map(({ line }) => REQUEST_LINE.exec(line))
      .find(Boolean);
    if (match) return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

async function settledCount(client: pg.Client, database: string) {
  let max = 0;
  const until = performance.now() + SETTLE_MS;
  while (performance.now() < until) {
    max = Math.max(max, (await countAppConnections(client, database)).total);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return max;
}

/** The previous dev server's connections close with its process; the next run starts from zero. */
async function waitForNoAppConnections(client: pg.Client, database: string) {
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && (await countAppConnections(client, database)).total > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
