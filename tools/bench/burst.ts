// 6. A burst within the plan's limits: one Pro key sends BURST.requests POST /api/v1/posts at
// concurrency BURST.concurrency while a second user keeps writing. Nobody may get a 5xx (the
// burst is refused with 429s once it holds its share of the pool), and the second user's writes all
// succeed: their p99 is the figure to watch.
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { runLoad, type LoadResult } from "./load.ts";

export const BURST = { requests: 300, concurrency: 150 };
const SECOND_USER = { requests: 200, concurrency: 1 };

export type BurstSection = {
  burst: { requests: number; concurrency: number; run: LoadResult };
  secondUser: { requests: number; concurrency: number; run: LoadResult };
  serverErrors: number;
};

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
  // Both at once, from two load processes.
  const [burst, secondUser] = await Promise.all([
    runLoad(spec(options.burstKey, BURST, "burst"), cleanup),
    runLoad(spec(options.secondKey, SECOND_USER, "second user"), cleanup),
  ]);
  const fiveXx = (run: LoadResult) => Object.entries(run.statusCodes).reduce((sum, [code, count]) => sum + (code.startsWith("5") ? count : 0), 0);
  const serverErrors = fiveXx(burst) + fiveXx(secondUser);
  const secondFailures = secondUser.non2xx + secondUser.errors + secondUser.timeouts;
  console.error(`  burst: ${JSON.stringify(burst.statusCodes)}; second user: ${JSON.stringify(secondUser.statusCodes)}, p99 ${secondUser.latencyMs.p99} ms`);
  const section = options.checkSection ?? "burst";
  const name = (text: string) => `${options.checkPrefix ?? ""}${text}`;
  return {
    section: { burst: { ...BURST, run: burst }, secondUser: { ...SECOND_USER, run: secondUser }, serverErrors },
    checks: [
      check(section, name("no 5xx for anyone during the burst"), serverErrors === 0, `${serverErrors} 5xx`),
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
