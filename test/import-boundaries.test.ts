// The lint rule that keeps the app and its tooling apart (eslint.config.mjs): run through ESLint's
// own Node API on snippets placed as files of the app, of a package and of tools/.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { projectRoot } from "./support/prisma-cli.ts";

const eslint = new ESLint({
  cwd: projectRoot,
  // The snippets are not files on disk, so the type-aware rules (which need the TypeScript project) stay out.
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { "@typescript-eslint/no-floating-promises": "off", "@typescript-eslint/no-misused-promises": "off", "@typescript-eslint/no-unused-vars": "off" },
  },
});

async function boundaryErrors(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === "no-restricted-imports" || message.fatal).map((message) => message.message);
}

describe("the import boundary between the app and its tooling", () => {
  it.each([
    ["lib/boundary-probe.ts", 'import { lintMigrations } from "@starter/migration-lint";'],
    ["app/boundary-probe/page.tsx", 'import { startDevDatabase } from "../../scripts/dev.ts";'],
    ["components/boundary-probe.tsx", 'import { runQuietly } from "@/scripts/run";'],
    ["proxy.ts", 'import { startEmbeddedPostgres } from "./packages/local-db/src/embedded-postgres.ts";'],
    ["instrumentation-node.ts", 'import type { BenchResults } from "./tools/bench/report.ts";'],
  ])("fails on %s importing the tooling", async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([expect.stringMatching(/The app does not import/)]);
  });

  it("lets the app import itself and npm packages, and lets tests use the tooling", async () => {
    expect(
      await boundaryErrors(
        "lib/boundary-probe.ts",
        'import { getDb } from "@/lib/db";\nimport { z } from "zod";\nimport { isAccelerateUrl } from "../database-url.ts";',
      ),
    ).toEqual([]);
    expect(await boundaryErrors("lib/boundary-probe.test.ts", 'import { startAccelerateEndpoint } from "@starter/local-db";')).toEqual([]);
  });

  it("fails on a package importing the app, and lets it import its own files and other packages", async () => {
    expect(await boundaryErrors("packages/migrate/src/probe.ts", 'import { getDb } from "@/lib/db";')).toEqual([
      expect.stringMatching(/does not import the app/),
    ]);
    expect(await boundaryErrors("packages/migrate/src/probe.ts", 'import { env } from "../../../lib/env.ts";')).toEqual([
      expect.stringMatching(/does not import the app/),
    ]);
    expect(
      await boundaryErrors(
        "packages/migrate/src/doctor/probe.ts",
        'import { redact } from "../deploy.ts";\nimport { listMigrations } from "@starter/migration-lint";',
      ),
    ).toEqual([]);
  });

  it("sends tools/ to the test harness's entry point", async () => {
    expect(await boundaryErrors("tools/bench/probe.ts", 'import { startFakeStripe } from "../../test/support/fake-stripe.ts";')).toEqual([
      expect.stringMatching(/test\/harness\.ts/),
    ]);
    expect(await boundaryErrors("tools/bench/probe.ts", 'import { startFakeStripe } from "../../test/harness.ts";')).toEqual([]);
  });
});
