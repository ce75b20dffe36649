// `npm run deploy:smoke -- <deployment url> --commit <sha>`: the release workflow's check of a new
// deployment before its contract migrations run. Polls <url>/api/health until it answers 200 and
// reports the commit the workflow built; exit 1 (with what it saw last) when that does not happen in time.
import { parseArgs } from "node:util";

const USAGE = "Usage: npm run deploy:smoke -- <deployment url> --commit <sha> [--timeout <seconds>] [--interval <seconds>]";

export interface SmokeCheck {
  url: string;
  commit: string;
  timeoutMs: number;
  intervalMs: number;
  /** Vercel's "Protection Bypass for Automation" secret, for deployments behind Vercel Authentication. */
  bypassSecret?: string;
}

export async function smokeCheckDeployment({ url, commit, timeoutMs, intervalMs, bypassSecret }: SmokeCheck): Promise<{ ok: boolean; message: string }> {
  const health = new URL("/api/health", url);
  const headers: Record<string, string> = bypassSecret ? { "x-vercel-protection-bypass": bypassSecret } : {};
  const deadline = Date.now() + timeoutMs;
  let seen = "no answer yet";
  for (;;) {
    try {
      const response = await fetch(health, { headers, signal: AbortSignal.timeout(Math.min(10_000, timeoutMs)) });
      const body = (await response.json().catch(() => undefined)) as { commit?: unknown } | undefined;
      if (response.status === 200 && body?.commit === commit) return { ok: true, message: `${health} answers 200 from commit ${commit}.` };
      seen = `HTTP ${response.status}, commit ${JSON.stringify(body?.commit ?? null)}`;
    } catch (error) {
      seen = (error as Error).message;
    }
    if (Date.now() + intervalMs > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return { ok: false, message: `${health} did not answer 200 from commit ${commit} within ${timeoutMs / 1000}s (last: ${seen}).` };
}

if (process.argv[1] === import.meta.filename) {
  const { values, positionals } = parseArgs({
    options: { commit: { type: "string" }, timeout: { type: "string", default: "180" }, interval: { type: "string", default: "5" } },
    allowPositionals: true,
  });
  const timeout = Number(values.timeout);
  const interval = Number(values.interval);
  if (positionals.length !== 1 || !URL.canParse(positionals[0]!) || !values.commit || !(timeout > 0) || !(interval > 0)) {
    console.error(`deploy:smoke: ${USAGE}`);
    process.exit(2);
  }
  const result = await smokeCheckDeployment({
    url: positionals[0]!,
    commit: values.commit,
    timeoutMs: timeout * 1000,
    intervalMs: interval * 1000,
    bypassSecret: process.env.VERCEL_AUTOMATION_BYPASS_SECRET || undefined,
  });
  console[result.ok ? "log" : "error"](`deploy:smoke: ${result.message}`);
  process.exit(result.ok ? 0 : 1);
}
