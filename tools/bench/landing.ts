// 4. The landing page: the JavaScript `/` makes the browser download (every <script src> under
// /_next/static in the served HTML), and Lighthouse's performance score in Debian's Chromium.
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { defaultConfig, desktopConfig } from "lighthouse";
import type { Cleanup } from "./cleanup.ts";
import { round } from "./load.ts";

export const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Lighthouse varies from run to run: the run with the median score is reported. */
const LIGHTHOUSE_RUNS = 3;
const MAX_FAILED_RUNS = 3;
/**
 * Both of Lighthouse's presets: desktop (little throttling) says whether anything is wrong at all;
 * mobile (slow 4G, CPU slowed 4×, Lighthouse's default) is where the page's JavaScript shows.
 */
const PRESETS = { mobile: defaultConfig, desktop: desktopConfig } as const;
type Preset = keyof typeof PRESETS;

export type LighthouseResult = {
  version: string;
  preset: Preset;
  throttling: string;
  runs: number;
  /** Runs that Lighthouse itself could not complete, and that were run again. */
  failedRuns: number;
  scores: number[];
  /** The median run. */
  performance: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  benchmarkIndex: number | undefined;
};

export type LandingSection = {
  url: string;
  scripts: { src: string; bytes: number; gzipBytes: number }[];
  firstLoadJs: { scripts: number; bytes: number; gzipBytes: number };
  lighthouse: LighthouseResult[];
};

export async function benchLanding(options: { baseUrl: string }, cleanup: Cleanup): Promise<LandingSection> {
  const url = `${options.baseUrl}/`;
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET / answered ${response.status}`);
  const html = await response.text();

  const sources = [...new Set([...html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&")))].filter((src) =>
    new URL(src, url).pathname.startsWith("/_next/static/"),
  );
  const scripts = await Promise.all(
    sources.map(async (src) => {
      // identity: the raw size; gzip is computed here at zlib's default level (what `next start` uses).
      const script = await fetch(new URL(src, url), { headers: { "accept-encoding": "identity" } });
      if (!script.ok) throw new Error(`${src} answered ${script.status}`);
      const bytes = Buffer.from(await script.arrayBuffer());
      return { src, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
    }),
  );
  const firstLoadJs = {
    scripts: scripts.length,
    bytes: scripts.reduce((sum, script) => sum + script.bytes, 0),
    gzipBytes: scripts.reduce((sum, script) => sum + script.gzipBytes, 0),
  };
  console.error(`  landing: ${firstLoadJs.scripts} scripts, ${firstLoadJs.bytes} B raw, ${firstLoadJs.gzipBytes} B gzip`);
  return { url, scripts, firstLoadJs, lighthouse: await runLighthouse(url, cleanup) };
}

async function runLighthouse(url: string, cleanup: Cleanup): Promise<LighthouseResult[]> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  const kill = cleanup.add("Chromium (Lighthouse)", () => chrome.kill());
  try {
    const results: LighthouseResult[] = [];
    for (const preset of Object.keys(PRESETS) as Preset[]) results.push(await runPreset(url, chrome.port, preset));
    return results;
  } finally {
    await kill();
  }
}

async function runPreset(url: string, port: number, preset: Preset): Promise<LighthouseResult> {
  const runs = [];
  let failures = 0;
  while (runs.length < LIGHTHOUSE_RUNS) {
    const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance"] }, PRESETS[preset]);
    const error = !result ? "no result" : result.lhr.runtimeError ? `${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}` : undefined;
    if (!error) {
      runs.push(result!.lhr);
      continue;
    }
    // Trace recording fails now and then (NO_NAVSTART, "please run Lighthouse again"): a run is
    // retried, a bit, and the retries are reported.
    if (++failures > MAX_FAILED_RUNS) throw new Error(`Lighthouse (${preset}) failed ${failures} times; last: ${error}`);
    console.error(`  lighthouse (${preset}) run failed, retrying: ${error}`);
  }
  const scores = runs.map((lhr) => Math.round((lhr.categories.performance?.score ?? 0) * 100));
  const median = [...runs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0))[Math.floor(runs.length / 2)]!;
  const audit = (id: string) => median.audits[id]?.numericValue ?? Number.NaN;
  const throttling = median.configSettings.throttling;
  console.error(`  lighthouse (${preset}): ${scores.join(", ")}`);
  return {
    version: median.lighthouseVersion,
    preset,
    throttling: `${median.configSettings.throttlingMethod}: RTT ${throttling.rttMs} ms, ${throttling.throughputKbps} Kbps, CPU ×${throttling.cpuSlowdownMultiplier}`,
    runs: runs.length,
    failedRuns: failures,
    scores,
    performance: Math.round((median.categories.performance?.score ?? 0) * 100),
    fcpMs: round(audit("first-contentful-paint"), 0),
    lcpMs: round(audit("largest-contentful-paint"), 0),
    tbtMs: round(audit("total-blocking-time"), 0),
    cls: round(audit("cumulative-layout-shift"), 3),
    speedIndexMs: round(audit("speed-index"), 0),
    benchmarkIndex: median.environment.benchmarkIndex,
  };
}
