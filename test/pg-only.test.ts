import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "@/test/support/prisma-cli";
import { PG_ONLY_TEST_FILES } from "./pg-only.ts";

describe("the pg-only test files", () => {
  it("all exist, so the Accelerate path leaves out nothing by a stale name", () => {
    const missing = Object.keys(PG_ONLY_TEST_FILES).filter((pattern) => !existsSync(path.join(projectRoot, pattern.replace(/\/\*\*$/, ""))));
    expect(missing).toEqual([]);
  });
});
