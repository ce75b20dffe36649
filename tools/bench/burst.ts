// 6. A burst within the plan's limits: one Pro key sends BURST.requests POST /api/v1/posts at
// concurrency BURST.concurrency while a second user keeps writing. Nobody may get a 5xx (the
// burst is refused with 429s once it holds its share of the pool), and the second user's writes all
// succeed: their p99 is the figure to watch.
// Meanwhile hostile clients (each from a loopback address of its own, its client address) send
// hostile values through every input that reaches a shared batch: sign-in addresses of kilobytes,
// forms naming two addresses, made-up API keys (kilobytes, or well-formed) with kilobytes of
// X-Forwarded-For. Not one legitimate request may answer 5xx.
// And the rate limit's window: how many of 2L requests pass against a limit L when L arrive just
// before a minute boundary and L just after (a fixed window would let all 2L through).
import { generateApiKey } from "@/lib/api-keys/generate";
import { consumeRateLimit } from "@/lib/rate-limit/rate-limit";
import { rawRequest } from "../../test/harness.ts";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { runLoad, type LoadResult } from "./load.ts";

export const BURST = { requests: 300, concurrency: 150 };
const SECOND_USER = { requests: 200, concurrency: 1 };
export const HOSTILE = { clients: 8, requestsPerClient: 40 };

export type BurstSection = {
  burst: { requests: number; concurrency: number; run: LoadResult };
  secondUser: { requests: number; concurrency: number; run: LoadResult };
  /** 5xx answered to the burst and the second user: legitimate requests. */
  serverErrors: number;
  hostile: { clients: number; requests: number; statusCodes: Record<string, number> };
  /** requestsPassingAcrossBoundary (the pg path's burst section only). */
  boundary?: { limit: number; sent: number; passed: number };
};

const kilobytes = (n: number, of = "a") => of.repeat(n * 1024);

/** One hostile client: from its own loopback address, the hostile values in turn. */
async function hostileClient(baseUrl: string, client: number, requests: number): Promise<number[]> {
  const localAddress = `127.0.0.${20 + client}`;
  const signIn = (body: string, headers: Record<string, string> = {}) =>
    rawRequest(baseUrl, "/api/auth/signin/email", { "content-type": "application/x-www-form-urlencoded", ...headers }, "POST", { body, localAddress });
  const api = (key: string, headers: Record<string, string> = {}) =>
    rawRequest(baseUrl, "/api/v1/posts", { authorization: `Bearer ${key}`, ...headers }, "GET", { localAddress });
  const spoofed = { "x-forwarded-for": kilobytes(4, "9"), "x-real-ip": kilobytes(1, "7") };
  const kinds = [
    () => signIn(new URLSearchParams({ email: `${kilobytes(4)}@example.com`, json: "true" }).toString()),
    () => signIn(`email=first-${client}%40example.com&email=last-${client}%40example.com`),
    () => signIn(new URLSearchParams({ email: `bench-${client}-${Date.now()}@example.com` }).toString(), spoofed),
    () => api(kilobytes(4), spoofed),
    () => api(generateApiKey(), spoofed),
  ];
  const statuses = [];
  for (let i = 0; i < requests; i++) statuses.push((await kinds[i % kinds.length]!()).status);
  return statuses;
}

/** L requests at 0.5 s before a minute boundary and L at 0.5 s after, against a limit of L: how many pass (in PostgreSQL, as the app counts). */
export async function requestsPassingAcrossBoundary(limit = 60): Promise<{ limit: number; sent: number; passed: number }> {
  const boundary = Math.ceil(Date.now() / 60_000) * 60_000;
  const key = `bench-boundary-${boundary}-${Math.random()}`;
  const burst = (now: number) => Promise.all(Array.from({ length: limit }, () => consumeRateLimit(key, limit, { now })));
  const decisions = [...(await burst(boundary - 500)), ...(await burst(boundary + 500))];
  return { limit, sent: decisions.length, passed: decisions.filter((decision) => decision.allowed).length };
}

export async function benchBurst(
  options: {
    baseUrl: string;
    burstKey: string;
    secondKey: string;
    /** Where its checks are reported (default "burst"), and what they are prefixed with. */
    checkSection?: string;
    checkPrefix?: string;
  },
  cleanup: Cleanup,
): Promise<{ section: BurstSection; checks: Check[] }> {
  const spec = (key: string, load: { requests: number; concurrency: number }, title: string) => ({
    url: `${options.baseUrl}/api/v1/posts`,
    method: "POST" as const,
    body: { title },
    keys: [key],
    connections: load.concurrency,
    amount: load.requests,
    durationSeconds: 60,
  });
  // Both at once, from two load processes, and the hostile clients from this one.
  const [burst, secondUser, hostileStatuses] = await Promise.all([
    runLoad(spec(options.burstKey, BURST, "burst"), cleanup),
    runLoad(spec(options.secondKey, SECOND_USER, "second user"), cleanup),
    Promise.all(Array.from({ length: HOSTILE.clients }, (_, client) => hostileClient(options.baseUrl, client, HOSTILE.requestsPerClient))).then((runs) =>
      runs.flat(),
    ),
  ]);
  const hostileCodes: Record<string, number> = {};
  for (const status of hostileStatuses) hostileCodes[status] = (hostileCodes[status] ?? 0) + 1;
  const fiveXx = (run: LoadResult) => Object.entries(run.statusCodes).reduce((sum, [code, count]) => sum + (code.startsWith("5") ? count : 0), 0);
  const serverErrors = fiveXx(burst) + fiveXx(secondUser);
  const secondFailures = secondUser.non2xx + secondUser.errors + secondUser.timeouts;
  console.error(
    `  burst: ${JSON.stringify(burst.statusCodes)}; second user: ${JSON.stringify(secondUser.statusCodes)}, p99 ${secondUser.latencyMs.p99} ms; ` +
      `hostile clients: ${JSON.stringify(hostileCodes)}; legitimate 5xx: ${serverErrors}`,
  );
  const section = options.checkSection ?? "burst";
  const name = (text: string) => `${options.checkPrefix ?? ""}${text}`;
  return {
    section: {
      burst: { ...BURST, run: burst },
      secondUser: { ...SECOND_USER, run: secondUser },
      serverErrors,
      hostile: { clients: HOSTILE.clients, requests: hostileStatuses.length, statusCodes: hostileCodes },
    },
    checks: [
      check(
        section,
        name("no legitimate 5xx during the burst, while hostile clients send hostile values"),
        serverErrors === 0,
        `${serverErrors} legitimate 5xx; hostile: ${JSON.stringify(hostileCodes)}`,
      ),
      check(
        section,
        name("every request of the burst answered 201 or 429"),
        Object.keys(burst.statusCodes).every((code) => code === "201" || code === "429") && burst.errors + burst.timeouts === 0,
        JSON.stringify(burst.statusCodes),
      ),
      check(
        section,
        name("every write of the second user succeeded"),
        secondFailures === 0,
        `${secondUser.requests} requests, ${secondFailures} failed, p99 ${secondUser.latencyMs.p99} ms`,
      ),
    ],
  };
}
