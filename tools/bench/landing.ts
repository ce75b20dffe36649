// 4. The landing page against the framework's floor: the JavaScript `/` makes the browser download
// (every <script src> under /_next/static in the served HTML) and Lighthouse's performance score in
// Debian's Chromium — for `/` and for a bare Next.js page built and served in the same run, the
// runs interleaved so that the machine's load weighs on both alike — and Lighthouse's SEO,
// Accessibility and Best Practices categories on the marketing pages, each of which must score 100.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { defaultConfig, desktopConfig } from "lighthouse";
import { check, type Check } from "./checks.ts";
import type { Cleanup } from "./cleanup.ts";
import { round } from "./load.ts";
import { projectRoot, spawnGroup, waitFor200 } from "./processes.ts";
import { freePort } from "../../test/harness.ts";

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
/** The categories every marketing page must score 100 in (mobile preset: the stricter one). */
const QUALITY_CATEGORIES = ["seo", "accessibility", "best-practices"] as const;
type QualityCategory = (typeof QUALITY_CATEGORIES)[number];
const AUDITED_PAGES = ["/", "/pricing"];
/** `/` may score this many points below the bare page (mobile), and ship this much more first-load JS. */
export const LANDING_TARGETS = { performancePoints: 3, firstLoadJsRatio: 1.05 };

/** The floor: what `create-next-app` gives minus its styling — a root layout and a page of text. */
const BARE_APP: Record<string, string> = {
  "package.json": JSON.stringify({ private: true, type: "module" }),
  "app/layout.jsx": `export const metadata = { title: "Bare", description: "A bare Next.js page." };
export default function RootLayout({ children }) {
  return <html lang="en"><body>{children}</body></html>;
}
`,
  "app/page.jsx": `export default function Page() {
  return <main><h1>A bare Next.js page</h1><p>The framework's floor, measured beside the landing page.</p></main>;
}
`,
};

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
  /** The element Lighthouse took for the largest contentful paint, in the median run. */
  lcpElement: string | undefined;
  benchmarkIndex: number | undefined;
};

type FirstLoadJs = { scripts: number; bytes: number; gzipBytes: number };

export type QualityResult = { url: string; scores: Record<QualityCategory, number>; failing: string[] };

export type LandingSection = {
  url: string;
  scripts: { src: string; bytes: number; gzipBytes: number }[];
  firstLoadJs: FirstLoadJs;
  lighthouse: LighthouseResult[];
  bare: { url: string; buildMs: number; nextVersion: string; firstLoadJs: FirstLoadJs; lighthouse: LighthouseResult[] };
  /** `/` against the bare page: its first-load JS (gzip) as a multiple, its score in points below. */
  comparison: { firstLoadJsRatio: number; performancePointsBelow: Record<Preset, number> };
  quality: QualityResult[];
};

export async function benchLanding(options: { baseUrl: string }, cleanup: Cleanup): Promise<{ section: LandingSection; checks: Check[] }> {
  const url = `${options.baseUrl}/`;
  const { scripts, firstLoadJs } = await firstLoadJavaScript(url);
  console.error(`  landing: ${firstLoadJs.scripts} scripts, ${firstLoadJs.bytes} B raw, ${firstLoadJs.gzipBytes} B gzip`);
  const bare = await startBareApp(cleanup);
  try {
    const bareJs = await firstLoadJavaScript(bare.url);
    console.error(`  bare page: ${bareJs.firstLoadJs.scripts} scripts, ${bareJs.firstLoadJs.bytes} B raw, ${bareJs.firstLoadJs.gzipBytes} B gzip`);
    const { landing, floor, quality } = await runLighthouse(url, bare.url, cleanup);
    const performancePointsBelow = Object.fromEntries(
      landing.map((result, index) => [result.preset, floor[index]!.performance - result.performance]),
    ) as Record<Preset, number>;
    const section: LandingSection = {
      url,
      scripts,
      firstLoadJs,
      lighthouse: landing,
      bare: { url: bare.url, buildMs: bare.buildMs, nextVersion: bare.nextVersion, firstLoadJs: bareJs.firstLoadJs, lighthouse: floor },
      comparison: { firstLoadJsRatio: round(firstLoadJs.gzipBytes / bareJs.firstLoadJs.gzipBytes, 3), performancePointsBelow },
      quality,
    };
    return { section, checks: landingChecks(section) };
  } finally {
    await bare.stop();
  }
}

function landingChecks(section: LandingSection): Check[] {
  const { comparison } = section;
  const mobile = (results: LighthouseResult[]) => results.find((result) => result.preset === "mobile")!.performance;
  return [
    ...section.quality.flatMap(({ url, scores, failing }) =>
      QUALITY_CATEGORIES.map((category) =>
        check(
          "landing",
          `${new URL(url).pathname} Lighthouse ${category} = 100`,
          scores[category] === 100,
          `${scores[category]}${failing.length > 0 ? `; failing: ${failing.join(", ")}` : ""}`,
        ),
      ),
    ),
    check(
      "landing",
      `/ performance (mobile) within ${LANDING_TARGETS.performancePoints} points of a bare Next.js page`,
      comparison.performancePointsBelow.mobile <= LANDING_TARGETS.performancePoints,
      `${mobile(section.lighthouse)} vs ${mobile(section.bare.lighthouse)} (${comparison.performancePointsBelow.mobile} points below)`,
    ),
    check(
      "landing",
      `/ first-load JS ≤ ${LANDING_TARGETS.firstLoadJsRatio}× a bare Next.js page's (gzip)`,
      comparison.firstLoadJsRatio <= LANDING_TARGETS.firstLoadJsRatio,
      `${section.firstLoadJs.gzipBytes} B vs ${section.bare.firstLoadJs.gzipBytes} B: ${comparison.firstLoadJsRatio}×`,
    ),
  ];
}

async function firstLoadJavaScript(url: string) {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
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
  return { scripts, firstLoadJs };
}

/**
 * The bare page, built by this project's `next` (so the same version) in a throwaway directory and
 * served by `next start`. node_modules is hard-linked: Turbopack refuses a symlink out of the root.
 */
async function startBareApp(cleanup: Cleanup) {
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-bare-next-"));
  cleanup.add(`bare Next.js app (${root})`, () => rm(root, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(BARE_APP)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  await promisify(execFile)("cp", ["-al", path.join(projectRoot, "node_modules"), path.join(root, "node_modules")]);
  const next = path.join(root, "node_modules", ".bin", "next");
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } as NodeJS.ProcessEnv;

  console.error("  next build (bare page)");
  const started = performance.now();
  const build = spawnGroup("next build (bare page)", next, ["build"], env, cleanup, root);
  const code = await new Promise<number | null>((resolve) => build.child.once("exit", resolve));
  if (code !== 0) throw new Error(`next build of the bare page failed (${code}):\n${build.output().slice(-4000)}`);
  const buildMs = Math.round(performance.now() - started);
  const nextVersion = /Next\.js ([\d.]+)/.exec(build.output())?.[1] ?? "unknown";

  const port = await freePort();
  const server = spawnGroup("next start (bare page)", next, ["start", "--port", String(port), "--hostname", "127.0.0.1"], env, cleanup, root);
  const url = `http://127.0.0.1:${port}/`;
  await waitFor200(url, server, 60_000);
  return { url, buildMs, nextVersion, stop: async () => void (await server.stop()) };
}

async function runLighthouse(url: string, bareUrl: string, cleanup: Cleanup) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
  const kill = cleanup.add("Chromium (Lighthouse)", () => chrome.kill());
  try {
    const landing: LighthouseResult[] = [];
    const floor: LighthouseResult[] = [];
    for (const preset of Object.keys(PRESETS) as Preset[]) {
      const [page, bare] = await runPreset([url, bareUrl], chrome.port, preset);
      landing.push(page!);
      floor.push(bare!);
    }
    const quality: QualityResult[] = [];
    for (const pathname of AUDITED_PAGES) quality.push(await runQuality(new URL(pathname, url).href, chrome.port));
    return { landing, floor, quality };
  } finally {
    await kill();
  }
}

/** One Lighthouse run, retried a bit when Lighthouse itself fails (NO_NAVSTART, "please run Lighthouse again"). */
async function lighthouseRun(url: string, port: number, preset: Preset, categories: string[]) {
  for (let failures = 0; ;) {
    const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: categories }, PRESETS[preset]);
    const error = !result ? "no result" : result.lhr.runtimeError ? `${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}` : undefined;
    if (!error) return { lhr: result!.lhr, failures };
    if (++failures > MAX_FAILED_RUNS) throw new Error(`Lighthouse (${preset}, ${url}) failed ${failures} times; last: ${error}`);
    console.error(`  lighthouse (${preset}, ${url}) run failed, retrying: ${error}`);
  }
}

/** LIGHTHOUSE_RUNS performance runs of each URL, interleaved (a, b, a, b…). */
async function runPreset(urls: string[], port: number, preset: Preset): Promise<LighthouseResult[]> {
  const runs = urls.map(() => ({ lhrs: [] as Awaited<ReturnType<typeof lighthouseRun>>["lhr"][], failures: 0 }));
  for (let run = 0; run < LIGHTHOUSE_RUNS; run++) {
    for (const [index, url] of urls.entries()) {
      const { lhr, failures } = await lighthouseRun(url, port, preset, ["performance"]);
      runs[index]!.lhrs.push(lhr);
      runs[index]!.failures += failures;
    }
  }
  return runs.map(({ lhrs, failures }, index) => {
    const scores = lhrs.map((lhr) => Math.round((lhr.categories.performance?.score ?? 0) * 100));
    const median = [...lhrs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0))[Math.floor(lhrs.length / 2)]!;
    const audit = (id: string) => median.audits[id]?.numericValue ?? Number.NaN;
    const throttling = median.configSettings.throttling;
    console.error(`  lighthouse (${preset}) ${urls[index]}: ${scores.join(", ")}`);
    return {
      version: median.lighthouseVersion,
      preset,
      throttling: `${median.configSettings.throttlingMethod}: RTT ${throttling.rttMs} ms, ${throttling.throughputKbps} Kbps, CPU ×${throttling.cpuSlowdownMultiplier}`,
      runs: lhrs.length,
      failedRuns: failures,
      scores,
      performance: Math.round((median.categories.performance?.score ?? 0) * 100),
      fcpMs: round(audit("first-contentful-paint"), 0),
      lcpMs: round(audit("largest-contentful-paint"), 0),
      tbtMs: round(audit("total-blocking-time"), 0),
      cls: round(audit("cumulative-layout-shift"), 3),
      speedIndexMs: round(audit("speed-index"), 0),
      lcpElement: lcpElement(median),
      benchmarkIndex: median.environment.benchmarkIndex,
    };
  });
}

/** SEO, Accessibility and Best Practices of one page, with the audits that cost it points. */
async function runQuality(url: string, port: number): Promise<QualityResult> {
  const { lhr } = await lighthouseRun(url, port, "mobile", [...QUALITY_CATEGORIES]);
  const scores = Object.fromEntries(QUALITY_CATEGORIES.map((category) => [category, Math.round((lhr.categories[category]?.score ?? 0) * 100)])) as Record<
    QualityCategory,
    number
  >;
  const failing = QUALITY_CATEGORIES.flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${category}/${ref.id}`),
  );
  console.error(`  lighthouse quality ${url}: ${QUALITY_CATEGORIES.map((category) => `${category} ${scores[category]}`).join(", ")}`);
  return { url, scores, failing };
}

function lcpElement(lhr: { audits: Record<string, { details?: unknown }> }): string | undefined {
  // Lighthouse 13: the LCP breakdown insight lists its subparts, then the element as a node item.
  const details = lhr.audits["lcp-breakdown-insight"]?.details as { items?: { type?: string; snippet?: string }[] } | undefined;
  return details?.items?.find((item) => item.type === "node")?.snippet;
}
