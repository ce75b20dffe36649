// `npm run bench`: the app's production build under load on a real PostgreSQL, measured from other
// processes. Prints a table per section and writes bench-results/<timestamp>.json (and latest.json).
// Any failed check, or a section that could not run, makes it exit 1 — after everything it started
// has been stopped.
//
//   npx tsx tools/bench/index.ts [--skip-build] [--only <section>[,<section>…]] [--duration <s>] [--backfill-rows <n>]
//
// Sections: api, accelerate (the API and the webhook burst on the pg and the Accelerate path), webhooks, connections
// (production load + hot reloads in next dev), landing, dev-start, burst, db-check, doctor (db:doctor on
// the template's database), backfill (npm run db:backfill over --backfill-rows rows under API load).
import "./bench-process-env.ts";
import { parseArgs } from "node:util";
import { freePort, startFakeStripe } from "../../test/harness.ts";
import { benchAccelerate } from "./accelerate.ts";
import { benchApi } from "./api.ts";
import { benchBackfill } from "./backfill.ts";
import { benchBurst, requestsPassingAcrossBoundary } from "./burst.ts";
import { check, type Check } from "./checks.ts";
import { Cleanup } from "./cleanup.ts";
import { benchConnections } from "./connections.ts";
import { benchDbCheck } from "./db-check.ts";
import { pidsListeningOn } from "./cpu.ts";
import { benchDevStart } from "./dev-start.ts";
import { benchDoctor } from "./doctor.ts";
import { benchHotReload } from "./hot-reload.ts";
import { benchLanding } from "./landing.ts";
import { describeMachine, renderReport, reusedBuild, writeResults, type BenchResults } from "./report.ts";
import { disconnectSeedClient, seedApiUsers } from "./seed.ts";
import { appEnv, buildProduction, connectAsBench, startBenchDatabase, startProduction, withApplicationName } from "./server.ts";
import { benchWebhooks } from "./webhooks.ts";

export const SECTIONS = ["api", "accelerate", "webhooks", "connections", "landing", "dev-start", "burst", "db-check", "doctor", "backfill"] as const;
type Section = (typeof SECTIONS)[number];
const PRODUCTION_SECTIONS: Section[] = ["api", "accelerate", "webhooks", "connections", "landing", "burst", "backfill"];

// Pro users may send 1,000 requests a minute each, and hold a quarter of the pool in flight: 200
// users (one key each) leave room for 200,000 a minute, and outnumber the connections section's 200.
const API_USERS = 200;
const WARMUP_SECONDS = 3;
const API_CONNECTIONS = 20;

const { values } = parseArgs({
  options: {
    "skip-build": { type: "boolean", default: false },
    only: { type: "string", multiple: true },
    duration: { type: "string", default: "10" },
    "backfill-rows": { type: "string", default: "1000000" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(`Usage: npx tsx tools/bench/index.ts [--skip-build] [--only ${SECTIONS.join("|")}] [--duration <seconds>] [--backfill-rows <n>]`);
  process.exit(0);
}
const only = (values.only ?? [])
  .flatMap((value) => value.split(","))
  .map((value) => value.trim())
  .filter(Boolean);
const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
const durationSeconds = Number(values.duration);
const backfillRows = Number(values["backfill-rows"]);
if (unknown.length > 0 || !Number.isFinite(durationSeconds) || durationSeconds < 1 || !Number.isInteger(backfillRows) || backfillRows < 1) {
  console.error(
    unknown.length > 0
      ? `Unknown section: ${unknown.join(", ")}. Sections: ${SECTIONS.join(", ")}.`
      : durationSeconds >= 1
        ? "--backfill-rows must be a whole number ≥ 1."
        : "--duration must be a number of seconds ≥ 1.",
  );
  process.exit(2);
}
const sections: Section[] = only.length > 0 ? (only as Section[]) : [...SECTIONS];

const cleanup = new Cleanup();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping everything the bench started…`);
    // Interrupted work fails in all sorts of ways now (the database is going down too): report
    // and keep cleaning up.
    process.on("uncaughtException", (error) => console.error(`(while stopping) ${error.message}`));
    process.on("unhandledRejection", (error) => console.error(`(while stopping) ${(error as Error)?.message ?? error}`));
    void cleanup.runAll().finally(() => process.exit(130));
  });
}

const results: BenchResults = {
  startedAt: new Date().toISOString(),
  options: { sections, durationSeconds, skipBuild: values["skip-build"] },
  machine: describeMachine(),
  sections: {},
  checks: [],
  errors: [],
};

/** Runs one section; an exception is recorded (and fails the run) without skipping the others. */
async function section(name: string, run: () => Promise<Check[] | void>) {
  console.error(`▶ ${name}`);
  try {
    results.checks.push(...((await run()) ?? []));
  } catch (error) {
    const message = `${name}: ${(error as Error).stack ?? error}`;
    results.errors.push(message.split("\n").slice(0, 30).join("\n"));
    results.checks.push(check(name, "section ran to completion", false, (error as Error).message.split("\n")[0]!));
    console.error(`✖ ${message}`);
  }
}

try {
  const production = sections.filter((name) => PRODUCTION_SECTIONS.includes(name));
  const database = production.length > 0 || sections.includes("doctor") ? await startBenchDatabase(cleanup) : undefined;
  if (database) {
    results.machine.postgres = database.postgresVersion;
    results.machine.database = `${database.source}; ${Object.entries(database.settings)
      .map(([name, setting]) => `${name}=${setting}`)
      .join(", ")}`;
  }
  // First, on the database as migrated: the production sections write to it.
  if (database && sections.includes("doctor")) {
    await section("doctor", async () => {
      const { section: doctor, checks } = await benchDoctor({ databaseUrl: database.url });
      results.sections.doctor = doctor;
      return checks;
    });
  }
  if (database && production.length > 0) {
    // The bench's own Prisma client (seeding, checks), tagged so connection counts leave it out.
    process.env.DATABASE_URL = withApplicationName(database.url, "seed");
    cleanup.add("bench Prisma client", disconnectSeedClient);

    const stripe = await startFakeStripe();
    cleanup.add("fake Stripe", () => stripe.stop());
    const port = await freePort();
    const env = appEnv({ databaseUrl: database.url, baseUrl: `http://127.0.0.1:${port}`, stripeUrl: stripe.url, nodeEnv: "production" });
    results.appConfig = {
      NODE_ENV: "production",
      DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE!,
      LOG_LEVEL: env.LOG_LEVEL!,
      API_KEY_CACHE_TTL_SECONDS: env.API_KEY_CACHE_TTL_SECONDS || "(app default)",
    };
    if (!values["skip-build"]) {
      console.error("▶ next build");
      results.buildMs = Math.round(await buildProduction(env));
    } else {
      results.reusedBuild = reusedBuild();
    }
    const app = await startProduction(env, port, cleanup);
    // CPU per request, read from /proc: the server's process and the app's PostgreSQL backends.
    const meterClient = await connectAsBench(database.url, "meter");
    cleanup.add("CPU meter connection", () => meterClient.end());
    const cpu = { serverPids: pidsListeningOn(port), sampler: { client: meterClient, database: database.name } };
    const { keys } = sections.some((name) => name === "api" || name === "accelerate" || name === "connections" || name === "backfill")
      ? await seedApiUsers(API_USERS)
      : { keys: [] };

    if (sections.includes("api")) {
      await section("api", async () => {
        const { section: api, checks } = await benchApi(
          { baseUrl: app.url, appEnv: env, keys, connections: API_CONNECTIONS, durationSeconds, warmupSeconds: Math.min(WARMUP_SECONDS, durationSeconds), cpu },
          cleanup,
        );
        results.sections.api = api;
        return checks;
      });
    }
    if (sections.includes("accelerate")) {
      await section("accelerate", async () => {
        const { section: accelerate, checks } = await benchAccelerate(
          {
            pgApp: app,
            appEnv: env,
            databaseUrl: database.url,
            keys,
            connections: API_CONNECTIONS,
            durationSeconds,
            warmupSeconds: Math.min(WARMUP_SECONDS, durationSeconds),
            meter: cpu.sampler,
            stripe,
          },
          cleanup,
        );
        results.sections.accelerate = accelerate;
        return checks;
      });
    }
    if (sections.includes("webhooks")) {
      await section("webhooks", async () => {
        const { section: webhooks, checks } = await benchWebhooks({ baseUrl: app.url, stripe, databaseUrl: database.url, cpu }, cleanup);
        results.sections.webhooks = webhooks;
        return checks;
      });
    }
    if (sections.includes("connections")) {
      await section("connections", async () => {
        const { section: connections, checks } = await benchConnections(
          { app, databaseUrl: database.url, database: database.name, keys, durationSeconds, warmupSeconds: Math.min(WARMUP_SECONDS, durationSeconds), cpu },
          cleanup,
        );
        results.sections.connections = connections;
        return checks;
      });
    }
    if (sections.includes("burst")) {
      await section("burst", async () => {
        const {
          keys: [burstKey, secondKey],
        } = await seedApiUsers(2);
        const { section: burst, checks } = await benchBurst({ baseUrl: app.url, burstKey: burstKey!, secondKey: secondKey! }, cleanup);
        const boundary = await requestsPassingAcrossBoundary();
        results.sections.burst = { ...burst, boundary };
        return [
          ...checks,
          check(
            "burst",
            "the sliding window lets at most the limit through across a minute boundary",
            boundary.passed <= boundary.limit,
            `${boundary.passed} of ${boundary.sent} passed, limit ${boundary.limit}`,
          ),
        ];
      });
    }
    if (sections.includes("landing")) {
      await section("landing", async () => {
        const { section: landing, checks } = await benchLanding({ baseUrl: app.url }, cleanup);
        results.sections.landing = landing;
        return checks;
      });
    }
    // Last of the production sections: it adds a million rows to "Post".
    if (sections.includes("backfill")) {
      await section("backfill", async () => {
        const { section: backfill, checks } = await benchBackfill(
          { baseUrl: app.url, keys, databaseUrl: database.url, rows: backfillRows, connections: API_CONNECTIONS, durationSeconds, cpu },
          cleanup,
        );
        results.sections.backfill = backfill;
        return checks;
      });
    }
    // `next dev` comes after every production measurement, with the production server stopped.
    await app.stop();
    if (sections.includes("connections")) {
      await section("hot-reload", async () => {
        const { section: hotReload, checks } = await benchHotReload({ databaseUrl: database.url, database: database.name }, cleanup);
        results.sections.hotReload = hotReload;
        return checks;
      });
    }
  }
  if (sections.includes("dev-start")) {
    await section("dev-start", async () => {
      const { section: devStart, checks } = await benchDevStart(cleanup);
      results.sections.devStart = devStart;
      return checks;
    });
  }
  if (sections.includes("db-check")) {
    await section("db-check", async () => {
      const { section: dbCheck, checks } = await benchDbCheck(cleanup);
      results.sections.dbCheck = dbCheck;
      return checks;
    });
  }
} catch (error) {
  results.errors.push(`setup: ${(error as Error).stack ?? error}`);
  results.checks.push(check("setup", "the bench could start", false, (error as Error).message.split("\n")[0]!));
  console.error(`✖ setup failed: ${(error as Error).stack ?? error}`);
} finally {
  await cleanup.runAll();
}

results.finishedAt = new Date().toISOString();
process.stdout.write(renderReport(results));
const file = await writeResults(results);
const failed = results.checks.filter((c) => !c.pass);
console.log(`\nResults: ${file} (and bench-results/latest.json)`);
if (failed.length > 0) {
  console.log(
    `\n${failed.length} check${failed.length === 1 ? "" : "s"} FAILED:\n${failed.map((c) => `  FAIL  ${c.section}: ${c.name} — ${c.detail}`).join("\n")}`,
  );
}
// Explicit: a library may keep a handle open, and the exit code is the verdict.
process.exit(failed.length > 0 ? 1 : 0);
