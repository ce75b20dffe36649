// The faults, one at a time: PostgreSQL's, each on the real server process, the Accelerate
// endpoint's (on the Accelerate path), Stripe's API failing the webhook's re-reads, and the SMTP
// relay refusing connections. `inject` resolves when the dependency is back (the moment
// recovery is measured from).
import type pg from "pg";
import type { FakeStripe } from "../../test/harness.ts";
import type { FaultyAccelerateEndpoint } from "./accelerate.ts";
import type { FaultyPostgres } from "./postgres.ts";
import type { FaultySmtp } from "./smtp.ts";

/** How long an outage lasts: long enough for every pool timeout to fire at least once. */
export const OUTAGE_MS = 10_000;

/** The Accelerate endpoint's freezes while it is slow: each request waits up to this long, and then is answered. */
export const ACCELERATE_STALL_MS = 500;
/** …and how long it runs between two freezes (the backlog drains). */
const ACCELERATE_RUNS_MS = 500;

export type Dependencies = {
  postgres: FaultyPostgres;
  database: string;
  stripe: FakeStripe;
  smtp: FaultySmtp;
  /** Started only when a fault on the Accelerate path runs. */
  accelerate: FaultyAccelerateEndpoint | undefined;
};

export type Fault = {
  name: string;
  /** The app the traffic goes to: the pg path's (DATABASE_URL postgres://), or the Accelerate path's (prisma+postgres:// through the endpoint). */
  path?: "pg" | "accelerate";
  /** The database cannot be reached at all meanwhile: readiness must say so. */
  databaseAway: boolean;
  /** A tighter bound than REQUEST_BOUND_MS on every answer, where the fault meets a shorter timeout of the app's. */
  requestBoundMs?: number;
  /** The outage outlasts the app's timeouts: the API must answer while it lasts, not wait for its end. */
  outlastsTimeouts?: boolean;
  /** The database refuses at once, and long enough, for dashboard actions to meet it: they must answer the error page meanwhile. */
  actionsMeetOutage?: boolean;
  /** What fails while the dependency is away, and so tells when it recovered. */
  recoveredBy: "api" | "webhook" | "sign-in";
  /** Visitors ask for sign-in emails meanwhile (only where the fault concerns them: the address may ask 40 times in 15 minutes). */
  signIns?: boolean;
  inject(dependencies: Dependencies): Promise<void>;
};

export const FAULTS: Fault[] = [
  {
    name: "restarted",
    databaseAway: true,
    recoveredBy: "api",
    async inject({ postgres }) {
      await postgres.stop();
      await postgres.start();
    },
  },
  {
    name: "stopped 10 s",
    databaseAway: true,
    outlastsTimeouts: true,
    actionsMeetOutage: true,
    recoveredBy: "api",
    async inject({ postgres }) {
      await postgres.stop();
      await sleep(OUTAGE_MS);
      await postgres.start();
    },
  },
  {
    name: "paused 10 s (SIGSTOP)",
    databaseAway: true,
    outlastsTimeouts: true,
    recoveredBy: "api",
    async inject({ postgres }) {
      postgres.pause();
      try {
        await sleep(OUTAGE_MS);
      } finally {
        postgres.resume();
      }
    },
  },
  {
    name: "connections killed",
    databaseAway: false,
    recoveredBy: "api",
    async inject({ postgres, database }) {
      // Three times, 2 s apart: idle connections and ones in the middle of a query alike.
      for (let i = 0; i < 3; i++) {
        if (i > 0) await sleep(2_000);
        await postgres.terminateAppConnections(database);
      }
    },
  },
  {
    name: "max_connections reached",
    databaseAway: false,
    recoveredBy: "api",
    async inject({ postgres, database }) {
      // Another client takes every connection slot, then the app's connections are ended: for
      // OUTAGE_MS the app can open none (the other client takes each slot that frees up).
      const hog: pg.Client[] = [];
      const grab = async () => {
        for (;;) {
          try {
            hog.push(await postgres.connect(database));
          } catch {
            return; // "too many clients": every slot is taken
          }
        }
      };
      try {
        await grab();
        const until = performance.now() + OUTAGE_MS;
        // From one of its own connections: there is no slot left to open another.
        if (hog[0]) await postgres.terminateAppConnections(database, hog[0]);
        while (performance.now() < until) {
          await grab();
          await sleep(20);
        }
      } finally {
        await Promise.all(hog.map((client) => client.end().catch(() => {})));
      }
    },
  },
  {
    name: "lock_timeout (table locked 10 s)",
    databaseAway: false,
    // The lock timeout (2 s, lib/db.ts) cancels what waits on the lock, long before it is released. A
    // dashboard form posted without script waits twice: its action, then the page rendered with
    // the action's answer (its list of posts) — 4 s, where the statement timeout alone made it 10.
    requestBoundMs: 8_000,
    recoveredBy: "api",
    async inject({ postgres, database }) {
      // A migration's ACCESS EXCLUSIVE lock on the posts: the app's statements on them wait until
      // its lock_timeout cancels them.
      await postgres.asSuite(database, async (client) => {
        await client.query("BEGIN");
        await client.query('LOCK TABLE "Post" IN ACCESS EXCLUSIVE MODE');
        await sleep(OUTAGE_MS);
        await client.query("ROLLBACK");
      });
    },
  },
  {
    name: "Accelerate endpoint stopped 10 s",
    path: "accelerate",
    databaseAway: true,
    outlastsTimeouts: true,
    actionsMeetOutage: true,
    recoveredBy: "api",
    async inject({ accelerate }) {
      const endpoint = required(accelerate);
      await endpoint.stop();
      await sleep(OUTAGE_MS);
      await endpoint.start();
    },
  },
  {
    // Silent: frozen (SIGSTOP) for the whole outage, as a hung endpoint or a network that drops its
    // packets. The kernel still accepts connections and takes the requests, and nothing answers:
    // each round trip gives up after its bound (lib/accelerate-timeout.ts) instead of waiting.
    name: "Accelerate endpoint silent 10 s (SIGSTOP)",
    path: "accelerate",
    databaseAway: true,
    outlastsTimeouts: true,
    recoveredBy: "api",
    async inject({ accelerate }) {
      const endpoint = required(accelerate);
      endpoint.pause();
      try {
        await sleep(OUTAGE_MS);
      } finally {
        endpoint.resume();
      }
    },
  },
  {
    // Slow, not away: frozen (SIGSTOP) again and again, as an overloaded endpoint stalls, so that
    // every round trip meanwhile waits up to ACCELERATE_STALL_MS and is then answered.
    name: "Accelerate endpoint slow 10 s (stalls)",
    path: "accelerate",
    databaseAway: false,
    recoveredBy: "api",
    async inject({ accelerate }) {
      const endpoint = required(accelerate);
      const until = performance.now() + OUTAGE_MS;
      while (performance.now() < until) {
        endpoint.pause();
        try {
          await sleep(ACCELERATE_STALL_MS);
        } finally {
          endpoint.resume();
        }
        await sleep(ACCELERATE_RUNS_MS);
      }
    },
  },
  // The webhook re-reads each subscription from Stripe (GET /v1/subscriptions/:id).
  ...([500, 429, "no answer"] as const).map((answer): Fault => ({
    name: answer === "no answer" ? "Stripe re-reads unanswered 10 s" : `Stripe re-reads answer ${answer} 10 s`,
    databaseAway: false,
    recoveredBy: "webhook",
    async inject({ stripe }) {
      stripe.failFor("GET", /^\/v1\/subscriptions\//, answer, OUTAGE_MS);
      await sleep(OUTAGE_MS);
    },
  })),
  {
    name: "SMTP refusing connections 10 s",
    databaseAway: false,
    recoveredBy: "sign-in",
    signIns: true,
    async inject({ smtp }) {
      await smtp.stop();
      await sleep(OUTAGE_MS);
      await smtp.listen();
    },
  },
];

function required(accelerate: FaultyAccelerateEndpoint | undefined) {
  if (!accelerate) throw new Error("A fault on the Accelerate path ran without the Accelerate endpoint");
  return accelerate;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
