// The two paths a test run reaches PostgreSQL by (TEST_DATABASE_PATH), and what runs on one only.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databasePathFromEnv } from "@/test/support/database";
import { projectRoot } from "@/test/support/prisma-cli";
import { PG_ONLY_TEST_FILES } from "./pg-only.ts";

describe("TEST_DATABASE_PATH", () => {
  it("is pg when unset, and pg or accelerate when set", () => {
    expect(databasePathFromEnv("")).toBe("pg");
    expect(databasePathFromEnv("pg")).toBe("pg");
    expect(databasePathFromEnv("accelerate")).toBe("accelerate");
  });

  it("stops the run on a typo instead of quietly testing the pg path", () => {
    expect(() => databasePathFromEnv("acclerate")).toThrow('TEST_DATABASE_PATH must be one of pg, accelerate (got "acclerate")');
  });
});

describe("the pg-only test files", () => {
  it("all exist, so the Accelerate path leaves out nothing by a stale name", () => {
    const missing = Object.keys(PG_ONLY_TEST_FILES).filter((pattern) => !existsSync(path.join(projectRoot, pattern.replace(/\/\*\*$/, ""))));
    expect(missing).toEqual([]);
  });
});
