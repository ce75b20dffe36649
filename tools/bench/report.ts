// The bench's output: a plain-text table per section on stdout, and the same figures as JSON in
// bench-results/<timestamp>.json and bench-results/latest.json.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AccelerateSection } from "./accelerate.ts";
import { TRACING_WARMUP_REQUESTS, type ApiSection } from "./api.ts";
import type { BurstSection } from "./burst.ts";
import type { Check } from "./checks.ts";
import type { ConnectionsSection } from "./connections.ts";
import type { DbCheckSection } from "./db-check.ts";
import type { DevStartSection } from "./dev-start.ts";
import type { DoctorSection } from "./doctor.ts";
import type { BackfillSection } from "./backfill.ts";
import type { HotReloadSection } from "./hot-reload.ts";
import type { LoadResult } from "./load.ts";
import { LANDING_TARGETS, type LandingSection } from "./landing.ts";
import { projectRoot } from "./processes.ts";
import type { WebhookSection } from "./webhooks.ts";

export type Machine = {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  postgres?: string;
  database?: string;
  commit: string;
  /** `git status --porcelain` when the run started: what was measured beyond the commit. */
  uncommitted: string[];
};

export type BenchResults = {
  startedAt: string;
  finishedAt?: string;
  options: { sections: string[]; durationSeconds: number; skipBuild: boolean };
  machine: Machine;
  buildMs?: number;
  /** With --skip-build: when the reused .next was built, and whether the last commit is newer. */
  reusedBuild?: { builtAt: string; olderThanLastCommit: boolean };
  /** The app's settings that shape the figures. */
  appConfig?: Record<string, string>;
  sections: {
    api?: ApiSection;
    accelerate?: AccelerateSection;
    webhooks?: WebhookSection;
    connections?: ConnectionsSection;
    hotReload?: HotReloadSection;
    landing?: LandingSection;
    devStart?: DevStartSection;
    burst?: BurstSection;
    dbCheck?: DbCheckSection;
    doctor?: DoctorSection;
    backfill?: BackfillSection;
  };
  checks: Check[];
  errors: string[];
};

function statusCounts(run: LoadResult) {
  return codeCounts(run.statusCodes);
}

function codeCounts(statusCodes: Record<string, number>) {
  return Object.entries(statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(", ");
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...gitState(),
  };
}

function gitState(): { commit: string; uncommitted: string[] } {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: projectRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
    const uncommitted = git("status", "--porcelain").split("\n").filter(Boolean);
    return { commit: `${git("rev-parse", "--short", "HEAD")}${uncommitted.length > 0 ? ` + ${uncommitted.length} uncommitted change(s)` : ""}`, uncommitted };
  } catch {
    return { commit: "unknown", uncommitted: [] };
  }
}

export async function writeResults(results: BenchResults): Promise<string> {
  const dir = path.join(projectRoot, "bench-results");
  await mkdir(dir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // Colons are not portable in file names.
  const file = path.join(dir, `${results.startedAt.replaceAll(":", "-")}.json`);
  await writeFile(file, json);
  await writeFile(path.join(dir, "latest.json"), json);
  return path.relative(projectRoot, file);
}

export function renderReport(results: BenchResults): string {
  const out: string[] = [];
  const { machine, sections } = results;
  out.push(
    heading("Machine"),
    table(
      [],
      [
        ["CPU", `${machine.cpu} (${machine.cores} cores)`],
        ["RAM", `${machine.ramGiB} GiB`],
        ["OS", machine.os],
        ["Node.js", machine.node],
        ["PostgreSQL", machine.postgres ? `${machine.postgres} — ${machine.database}` : "n/a"],
        ["Commit", machine.commit],
        [
          "App settings",
          results.appConfig
            ? Object.entries(results.appConfig)
                .map(([name, value]) => `${name}=${value}`)
                .join(", ")
            : "n/a",
        ],
        ["Build", describeBuild(results)],
      ],
    ),
  );

  if (sections.api) {
    const api = sections.api;
    out.push(
      heading(
        `1. API vs bare route — ${api.connections} connections, ${api.durationSeconds} s per route after a ${api.warmupSeconds} s warm-up, ${api.keys} API keys in rotation`,
      ),
      table(
        ["route", "path", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx", "errors", "server CPU ms/req", "PG CPU ms/req", "load gen CPU ms/req"],
        api.routes.map(({ name, path, run }) => [
          name,
          path,
          fixed(run.rps, 0),
          fixed(run.latencyMs.p50),
          fixed(run.latencyMs.p99),
          String(run.requests),
          String(run.non2xx),
          String(run.errors + run.timeouts),
          optional(run.cpu.serverMsPerRequest, 2),
          optional(run.cpu.postgresMsPerRequest, 2),
          fixed(run.cpu.clientMsPerRequest, 2),
        ]),
      ),
      table(
        ["route", "cores busy: server", "PostgreSQL", "load generator", "everything else", "stolen"],
        api.routes.map(({ name, run }) => [
          name,
          optional(run.cpu.serverCores, 2),
          optional(run.cpu.postgresCores, 2),
          fixed(run.cpu.clientCores, 2),
          optional(run.cpu.otherCores, 2),
          optional(run.cpu.stealCores, 2),
        ]),
      ),
      ...(disturbed(api.routes.map((route) => route.run))
        ? ["  ⚠ Other processes (or the hypervisor) took CPU during these runs: the ratios are disturbed; run again on a quiet machine."]
        : []),
      table(
        [],
        [
          ["rps(me)/rps(live)", fixed(api.ratios.rpsMeOverLive, 3)],
          ["rps(posts)/rps(live)", fixed(api.ratios.rpsPostsOverLive, 3)],
          ["p99(me)/p99(live)", fixed(api.ratios.p99MeOverLive, 2)],
          ["p99(posts)/p99(live)", fixed(api.ratios.p99PostsOverLive, 2)],
          [`Target ${api.target.description}`, api.target.met ? "MET" : "NOT MET"],
        ],
      ),
      `  Tracing: /api/v1/posts on a second server exporting every trace over OTLP to a local collector (${api.tracing.exports.requests} exports, ${(api.tracing.exports.bytes / 1e6).toFixed(1)} MB), in rounds of ${api.tracing.roundSeconds} s alternating with a new untraced server, after ${TRACING_WARMUP_REQUESTS} warm-up requests each`,
      table(
        ["round", "server", "req/s", "p50 ms", "p99 ms", "non-2xx", "server CPU ms/req"],
        api.tracing.rounds.map(({ server, run }, index) => [
          String(index + 1),
          server,
          fixed(run.requests / run.durationSeconds, 0),
          fixed(run.latencyMs.p50),
          fixed(run.latencyMs.p99),
          String(run.non2xx),
          optional(run.cpu.serverMsPerRequest, 2),
        ]),
      ),
      table(
        [],
        [
          ["posts, untraced (its rounds)", `${fixed(api.tracing.untraced.rps, 1)} req/s`, `${optional(api.tracing.untraced.serverMsPerRequest, 2)} CPU ms/req`],
          ["posts, traced (its rounds)", `${fixed(api.tracing.traced.rps, 1)} req/s`, `${optional(api.tracing.traced.serverMsPerRequest, 2)} CPU ms/req`],
          ["rps(posts, traced)/rps(posts)", fixed(api.tracing.rpsTracedOverUntraced, 3), ""],
          ["server CPU per request, traced/untraced", optional(api.tracing.cpuTracedOverUntraced, 3), ""],
          [`Target ${api.tracing.target.description}`, api.tracing.target.met ? "MET" : "NOT MET", ""],
        ],
      ),
    );
  }

  if (sections.webhooks) {
    const w = sections.webhooks;
    out.push(
      heading(
        `2. Webhook burst — ${w.deliveries} signed deliveries (${w.distinctEvents} events + ${w.redeliveries} redeliveries), shuffled, concurrency ${w.concurrency}, ${w.users} customers`,
      ),
      table(
        [],
        [
          ["events/s", fixed(w.eventsPerSecond, 1)],
          ["elapsed", seconds(w.elapsedMs)],
          ["latency p50 / p99 / max", `${fixed(w.latencyMs.p50)} / ${fixed(w.latencyMs.p99)} / ${fixed(w.latencyMs.max)} ms`],
          [
            "outcomes",
            Object.entries(w.outcomes)
              .map(([outcome, count]) => `${outcome} ${count}`)
              .join(", "),
          ],
          [
            "HTTP statuses",
            Object.entries(w.statusCodes)
              .map(([code, count]) => `${code}: ${count}`)
              .join(", "),
          ],
          ["non-200", String(w.non200)],
          ["CPU ms/delivery: server, PostgreSQL", `${optional(w.cpuMsPerDelivery.server, 2)}, ${optional(w.cpuMsPerDelivery.postgres, 2)}`],
          [
            "Subscription rows = fake Stripe",
            w.state.subscriptionMismatches.length === 0
              ? `PASS (${w.state.subscriptionsChecked} rows)`
              : `FAIL (${w.state.subscriptionMismatches.length} mismatches)`,
          ],
          [
            "StripeEvent = distinct event ids",
            w.state.missingEventIds === 0 && w.state.unexpectedEventIds === 0 && w.state.stripeEventRows === w.distinctEvents
              ? `PASS (${w.state.stripeEventRows} rows)`
              : `FAIL (${w.state.stripeEventRows} rows, ${w.state.missingEventIds} missing, ${w.state.unexpectedEventIds} unexpected)`,
          ],
        ],
      ),
    );
  }

  if (sections.connections || sections.hotReload) {
    out.push(heading("3. Connection discipline"));
    const c = sections.connections;
    if (c) {
      out.push(
        table(
          [],
          [
            ["load", `GET ${c.path}, ${c.concurrency} connections, ${c.load.durationSeconds} s after a ${c.warmup.durationSeconds} s warm-up (production)`],
            ["req/s, p50 / p99", `${fixed(c.load.rps, 0)}, ${fixed(c.load.latencyMs.p50)} / ${fixed(c.load.latencyMs.p99)} ms`],
            ["CPU ms/request: server, PostgreSQL", `${optional(c.load.cpu.serverMsPerRequest, 2)}, ${optional(c.load.cpu.postgresMsPerRequest, 2)}`],
            [
              "app connections: idle before, max during",
              `${c.idleBefore}, ${c.maxConnections} (DATABASE_POOL_SIZE ${c.poolSize}; ${c.samples} samples, ${c.samplesAtPoolSize} at the pool size; max active ${c.maxActive})`,
            ],
            ["max ≤ pool size", c.maxConnections <= c.poolSize ? "PASS" : "FAIL"],
            [
              "non-2xx / 5xx / errors / timeouts",
              `${c.load.non2xx} / ${c.serverErrors} / ${c.load.errors} / ${c.load.timeouts} (warm-up: ${c.warmup.non2xx} non-2xx, ${c.warmup.errors + c.warmup.timeouts} errors)`,
            ],
            ["pool or timeout lines in the server log", String(c.logProblems.length)],
          ],
        ),
      );
    }
    const h = sections.hotReload;
    if (h) {
      const run = (label: string, r: HotReloadSection["asIs"]) => [
        [
          `${label}: app connections before, after reload 1, after reload ${h.reloads}, max`,
          `${r.beforeReloads}, ${r.afterFirst}, ${r.afterLast}, ${r.maxSeen} (pool size ${h.poolSize})`,
        ],
        [`${label}: after each reload`, r.afterEach.join(" ")],
      ];
      out.push(
        table(
          [],
          [
            ["hot reloads (next dev)", `${h.reloads} edits of ${h.editedFile}`],
            ...run("as is", h.asIs),
            ["no growth", h.asIs.maxSeen <= h.poolSize && h.asIs.afterLast <= h.asIs.afterFirst ? "PASS" : "FAIL"],
            ...run("control, no globalThis reuse", h.control),
            [
              "the measurement sees a leak",
              h.control.afterLast > h.control.afterFirst ? "PASS (the control grows)" : "FAIL (the control does not grow: the check above proves nothing)",
            ],
          ],
        ),
      );
    }
  }

  if (sections.landing) {
    const l = sections.landing;
    const js = (label: string, first: LandingSection["firstLoadJs"]) => [
      label,
      `${first.scripts} scripts, ${kib(first.bytes)} raw, ${kib(first.gzipBytes)} gzip`,
    ];
    const lighthouseRow = (page: string, lh: LandingSection["lighthouse"][number]) => [
      page,
      lh.preset,
      String(lh.performance),
      `${lh.scores.join(" ")}${lh.failedRuns ? ` (${lh.failedRuns} failed, rerun)` : ""}`,
      String(lh.fcpMs),
      String(lh.lcpMs),
      String(lh.tbtMs),
      String(lh.cls),
      String(lh.speedIndexMs),
    ];
    out.push(
      heading(`4. Landing page ${l.url}, beside a bare Next.js ${l.bare.nextVersion} page (built in ${seconds(l.bare.buildMs)}, served by next start)`),
      table(
        [],
        [
          js("first-load JS of /", l.firstLoadJs),
          js("first-load JS of the bare page", l.bare.firstLoadJs),
          ["ratio (gzip)", `${l.comparison.firstLoadJsRatio}× (target ≤ ${LANDING_TARGETS.firstLoadJsRatio}×)`],
          [
            "performance, points below the bare page",
            `mobile ${l.comparison.performancePointsBelow.mobile}, desktop ${l.comparison.performancePointsBelow.desktop} (target ≤ ${LANDING_TARGETS.performancePoints} on mobile)`,
          ],
        ],
      ),
      table(
        ["page", "Lighthouse preset", "score", "runs", "FCP ms", "LCP ms", "TBT ms", "CLS", "Speed Index ms"],
        [...l.lighthouse.map((lh) => lighthouseRow("/", lh)), ...l.bare.lighthouse.map((lh) => lighthouseRow("bare", lh))],
      ),
      table(
        ["page", "SEO", "Accessibility", "Best Practices", "audits below 1"],
        l.quality.map((q) => [
          new URL(q.url).pathname,
          String(q.scores.seo),
          String(q.scores.accessibility),
          String(q.scores["best-practices"]),
          q.failing.join(", ") || "none",
        ]),
      ),
      table(
        [],
        [
          ["LCP element of / (mobile)", l.lighthouse[0]?.lcpElement ?? "n/a"],
          ["throttling", l.lighthouse.map((lh) => `${lh.preset}: ${lh.throttling}`).join("; ")],
          [
            "Lighthouse",
            `${l.lighthouse[0]?.version ?? "n/a"}, score = median of the runs (the two pages' runs interleaved); host benchmarkIndex ${l.lighthouse[0]?.benchmarkIndex ?? "n/a"}`,
          ],
        ],
      ),
    );
  }

  if (sections.devStart) {
    const phase = (ms: number | undefined) => (ms === undefined ? "—" : seconds(ms));
    out.push(
      heading("5. npm run dev cold start (fresh embedded PostgreSQL each time), from spawning npm run dev's node --import tsx scripts/dev.ts"),
      table(
        ["tree", "PostgreSQL started", "migrations applied", "next dev ready", "seeded", "first 200 /", "/sign-in first compile", "Ctrl-C"],
        sections.devStart.runs.map((run) => [
          `${run.tree}${run.nextDevCacheExisted ? ", .next/dev cache present" : ""}`,
          phase(run.phases.postgresStarted),
          phase(run.phases.migrationsApplied),
          phase(run.phases.nextReady),
          phase(run.phases.seeded),
          seconds(run.phases.firstLanding200),
          seconds(run.signInFirstCompileMs),
          `exit ${run.exitCode}, PostgreSQL ${run.postgresStoppedCleanly ? "stopped cleanly" : "NOT stopped cleanly"}`,
        ]),
      ),
    );
  }

  if (sections.accelerate) {
    const a = sections.accelerate;
    out.push(
      heading(
        `6. The API on the Accelerate path (local endpoint, no network, no cache) vs the pg path — ${a.connections} connections, ${a.durationSeconds} s per run after a ${a.warmupSeconds} s warm-up`,
      ),
      table(
        ["route", "path", "req/s", "p50 ms", "p99 ms", "non-2xx", "errors", "server CPU ms/req", "PG connections (endpoint)"],
        a.routes.flatMap(({ name, pg, accelerate, maxEndpointConnections }) => [
          [
            name,
            "pg",
            fixed(pg.rps, 0),
            fixed(pg.latencyMs.p50),
            fixed(pg.latencyMs.p99),
            String(pg.non2xx),
            String(pg.errors + pg.timeouts),
            optional(pg.cpu.serverMsPerRequest, 2),
            "—",
          ],
          [
            name,
            "accelerate",
            fixed(accelerate.rps, 0),
            fixed(accelerate.latencyMs.p50),
            fixed(accelerate.latencyMs.p99),
            String(accelerate.non2xx),
            String(accelerate.errors + accelerate.timeouts),
            optional(accelerate.cpu.serverMsPerRequest, 2),
            `${maxEndpointConnections} at most`,
          ],
        ]),
      ),
      ...(disturbed(a.routes.flatMap((route) => [route.pg, route.accelerate]))
        ? ["  ⚠ Other processes (or the hypervisor) took CPU during these runs: the ratios are disturbed; run again on a quiet machine."]
        : []),
      table(
        ["webhook burst", "path", "events/s", "p50 ms", "p99 ms", "non-200", "outcomes", "state = fake Stripe", "PG connections (endpoint)"],
        (["pg", "accelerate"] as const).map((path) => {
          const w = a.webhooks[path];
          const stateMatches = w.state.subscriptionMismatches.length === 0 && w.state.missingEventIds + w.state.unexpectedEventIds === 0;
          return [
            `${w.deliveries} (${w.redeliveries} redeliveries), concurrency ${w.concurrency}`,
            path,
            fixed(w.eventsPerSecond, 1),
            fixed(w.latencyMs.p50),
            fixed(w.latencyMs.p99),
            String(w.non200),
            Object.entries(w.outcomes)
              .map(([outcome, count]) => `${outcome} ${count}`)
              .join(", "),
            stateMatches ? "PASS" : "FAIL",
            path === "accelerate" ? `${a.webhooks.maxEndpointConnections} at most` : "—",
          ];
        }),
      ),
      table(
        ["API burst", "path", "burst: statuses", "second user: statuses", "second user p50 ms", "second user p99 ms", "PG connections (endpoint)"],
        (["pg", "accelerate"] as const).map((path) => {
          const { burst, secondUser } = a.burst[path];
          return [
            `${burst.requests} POST at ${burst.concurrency} + ${secondUser.requests} at ${secondUser.concurrency}`,
            path,
            statusCounts(burst.run),
            statusCounts(secondUser.run),
            fixed(secondUser.run.latencyMs.p50),
            fixed(secondUser.run.latencyMs.p99),
            path === "accelerate" ? `${a.burst.maxEndpointConnections} at most` : "—",
          ];
        }),
      ),
      table(
        [],
        [
          ["rps(me, accelerate)/rps(me, pg)", fixed(a.ratios.rpsMeAccelerateOverPg, 3)],
          ["rps(posts, accelerate)/rps(posts, pg)", fixed(a.ratios.rpsPostsAccelerateOverPg, 3)],
          ["events/s(webhooks, accelerate)/events/s(webhooks, pg)", fixed(a.ratios.eventsPerSecondWebhooksAccelerateOverPg, 3)],
          ["p99(burst's second user, accelerate)/p99(burst's second user, pg)", fixed(a.ratios.p99SecondUserBurstAccelerateOverPg, 3)],
          [`PostgreSQL connections held by the endpoint (its pool: at most ${a.endpointPoolLimit})`, String(a.maxEndpointConnections)],
        ],
      ),
    );
  }

  if (sections.burst) {
    const b = sections.burst;
    out.push(
      heading(
        `7. Burst — ${b.burst.requests} POST /api/v1/posts at concurrency ${b.burst.concurrency} from one Pro key, while a second user writes (${b.secondUser.requests} at concurrency ${b.secondUser.concurrency})`,
      ),
      table(
        [],
        [
          ["burst: HTTP statuses", statusCounts(b.burst.run)],
          ["burst: p50 / p99", `${fixed(b.burst.run.latencyMs.p50)} / ${fixed(b.burst.run.latencyMs.p99)} ms`],
          ["second user: HTTP statuses", statusCounts(b.secondUser.run)],
          ["second user: p50 / p99", `${fixed(b.secondUser.run.latencyMs.p50)} / ${fixed(b.secondUser.run.latencyMs.p99)} ms`],
          [`hostile clients (${b.hostile.clients}, ${b.hostile.requests} requests): HTTP statuses`, codeCounts(b.hostile.statusCodes)],
          ["legitimate 5xx (burst and second user, during the hostile mix)", String(b.serverErrors)],
          ...(b.boundary
            ? [
                [
                  `rate limit across a minute boundary: ${b.boundary.limit} requests 0.5 s before, ${b.boundary.limit} 0.5 s after, limit ${b.boundary.limit}`,
                  `${b.boundary.passed} passed (a fixed window: ${b.boundary.sent})`,
                ],
              ]
            : []),
        ],
      ),
    );
  }

  if (sections.dbCheck) {
    const { startup, history, migrations, cpu, loadAverage } = sections.dbCheck;
    const ms = (value: number | undefined) => (value === undefined ? "—" : `${value} ms`);
    out.push(
      heading(`8. npm run db:check: start-up (one migration) and a generated history, median of 5 (load average ${loadAverage} at the start)`),
      table(
        ["run", "wall", "CPU (user + system)"],
        [
          ['node -e "" (Node.js alone)', ms(startup.nodeAlone), ms(cpu.nodeAlone)],
          ["db-check (precompiled), one migration", ms(startup.precompiled), ms(cpu.precompiled)],
          ["npm run db:check (npm's own start included), one migration", ms(startup.viaNpmRun), ms(cpu.viaNpmRun)],
          ["tsx packages/migration-lint/src/db-check.ts (before precompiling), one migration", ms(startup.tsx), ms(cpu.tsx)],
          [`db-check --all, ${migrations} migrations`, ms(history.precompiledCli), ms(cpu.precompiledCli)],
          [`lintMigrations in-process, ${migrations} migrations`, ms(history.inProcess), ms(cpu.inProcess)],
        ],
      ),
    );
  }

  if (sections.doctor) {
    const d = sections.doctor;
    out.push(
      heading(`9. npm run db:doctor on the template's database (migrated with prisma/migrations), median of ${d.runs}`),
      table(
        ["run", "time"],
        [
          ["npm run db:doctor -- --json, end to end", `${d.endToEndMs} ms`],
          ["doctor's own time (its report's ms: catalog queries and the drift check)", `${d.doctorMs} ms`],
          ["findings (exit code)", `${d.findings.join(", ") || "none"} (${d.exitCode})`],
        ],
      ),
    );
  }

  if (sections.backfill) {
    const b = sections.backfill;
    out.push(
      heading(`10. npm run db:backfill over ${b.rows.toLocaleString("en-US")} rows of "Post" while /api/v1/posts serves ${b.during.connections} connections`),
      table(
        ["", "req/s", "p50", "p99", "non-2xx"],
        [
          ["/api/v1/posts alone", `${b.alone.rps}`, `${b.alone.latencyMs.p50} ms`, `${b.alone.latencyMs.p99} ms`, `${b.alone.non2xx}`],
          ["/api/v1/posts during the backfill", `${b.during.rps}`, `${b.during.latencyMs.p50} ms`, `${b.during.latencyMs.p99} ms`, `${b.during.non2xx}`],
          ["during / alone", "", `${b.ratios.p50}`, `${b.ratios.p99}`, ""],
        ],
      ),
      table(
        [],
        [
          ["backfill rate", `${b.rowsPerSecond.toLocaleString("en-US")} rows/s (${b.seconds} s, exit ${b.exitCode})`],
          ["longest lock wait of an app statement", `${b.longestLockWaitMs} ms`],
        ],
      ),
    );
  }

  out.push(
    heading("Checks"),
    results.checks.length > 0
      ? table(
          [],
          results.checks.map((c) => [c.pass ? "PASS" : "FAIL", c.section, c.name, c.detail]),
        )
      : "  (none in these sections)",
  );
  if (results.errors.length > 0) out.push(heading("Errors"), ...results.errors.map((error) => `  ${error}`));
  return `${out.join("\n")}\n`;
}

function heading(title: string) {
  return `\n${title}\n${"─".repeat(Math.min(title.length, 100))}`;
}

/** Left-aligned text columns, right-aligned numbers. */
export function table(headers: string[], rows: string[][]): string {
  const all = headers.length > 0 ? [headers, ...rows] : rows;
  const widths = all.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  // Key/value tables (no headers) stay left-aligned; columns of figures align on the right.
  const numeric = (cell: string) => headers.length > 0 && /^(-?[\d.,]+|n\/a)$/.test(cell);
  const line = (row: string[]) =>
    `  ${row
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd()}`;
  const lines = all.map(line);
  if (headers.length > 0) lines.splice(1, 0, `  ${widths.map((w) => "-".repeat(w)).join("  ")}`);
  return lines.join("\n");
}

function fixed(value: number, digits = 1) {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function describeBuild(results: BenchResults) {
  if (results.buildMs !== undefined) return `next build + post-build steps in ${seconds(results.buildMs)}`;
  const reused = results.reusedBuild;
  if (!reused) return "n/a";
  return `reused .next (--skip-build), built ${reused.builtAt}${reused.olderThanLastCommit ? " — ⚠ older than the last commit: the figures are not the commit's" : ""}`;
}

/** When .next was built, for --skip-build: the figures belong to that build, not to the commit. */
export function reusedBuild(): BenchResults["reusedBuild"] {
  try {
    const builtAt = statSync(path.join(projectRoot, ".next", "BUILD_ID")).mtime;
    const committedAt = new Date(Number(execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: projectRoot, encoding: "utf8" }).trim()) * 1000);
    return { builtAt: builtAt.toISOString(), olderThanLastCommit: builtAt < committedAt };
  } catch {
    return undefined;
  }
}

/** More than a fifth of a core used by something else during a run. */
function disturbed(runs: { cpu: { otherCores?: number; stealCores?: number } }[]) {
  return runs.some((run) => (run.cpu.otherCores ?? 0) + (run.cpu.stealCores ?? 0) > 0.2);
}

function optional(value: number | undefined, digits: number) {
  return value === undefined ? "n/a" : fixed(value, digits);
}

function seconds(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function kib(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
