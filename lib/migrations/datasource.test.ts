import { describe, expect, it } from "vitest";
import { MigrationUrlError, migrationUrlKind, resolveMigrationUrl } from "@/lib/migrations/datasource";

const noDevDatabase = () => undefined;

describe("resolveMigrationUrl", () => {
  it("prefers DIRECT_URL over the pooled DATABASE_URL", () => {
    const env = { DIRECT_URL: "postgresql://direct/db", DATABASE_URL: "prisma://accelerate.prisma-data.net/?api_key=k" };
    expect(resolveMigrationUrl(env, noDevDatabase)).toEqual({ url: "postgresql://direct/db", warning: undefined });
  });

  it("falls back to DATABASE_URL, then to the running development database", () => {
    expect(resolveMigrationUrl({ DATABASE_URL: "postgres://a/db" }, noDevDatabase).url).toBe("postgres://a/db");
    expect(resolveMigrationUrl({}, () => "postgresql://127.0.0.1:54329/app").url).toBe("postgresql://127.0.0.1:54329/app");
  });

  it.each(["prisma://accelerate.prisma-data.net/?api_key=k", "prisma+postgres://localhost:51213/?api_key=k"])(
    "refuses to migrate through Accelerate (%s)",
    (url) => {
      expect(() => resolveMigrationUrl({ DATABASE_URL: url }, noDevDatabase)).toThrow(MigrationUrlError);
      expect(() => resolveMigrationUrl({ DATABASE_URL: url }, noDevDatabase)).toThrow(/Set DIRECT_URL/);
      expect(() => resolveMigrationUrl({ DIRECT_URL: url }, noDevDatabase)).toThrow(/DIRECT_URL is a Prisma Accelerate URL/);
    },
  );

  it("explains what to do when there is no database at all", () => {
    expect(() => resolveMigrationUrl({}, noDevDatabase)).toThrow(/No database to migrate/);
  });

  it("warns when migrations would go through a transaction pooler", () => {
    const pooled = "postgresql://u:p@ep-cool-123-pooler.eu-central-1.aws.neon.tech/db";
    expect(resolveMigrationUrl({ DATABASE_URL: pooled }, noDevDatabase).warning).toMatch(/Set DIRECT_URL/);
    expect(resolveMigrationUrl({ DATABASE_URL: pooled, DIRECT_URL: "postgresql://direct/db" }, noDevDatabase).warning).toBeUndefined();
  });
});

describe("migrationUrlKind", () => {
  it("tells Accelerate, a transaction pooler and a direct connection apart", () => {
    expect(migrationUrlKind("prisma+postgres://localhost:51213/?api_key=k")).toBe("accelerate");
    expect(migrationUrlKind("postgresql://u:p@ep-cool-123-pooler.eu-central-1.aws.neon.tech/db")).toBe("pooled");
    expect(migrationUrlKind("postgresql://u:p@db.example.com:6543/db")).toBe("pooled");
    expect(migrationUrlKind("postgresql://u:p@db.example.com:5432/db")).toBe("direct");
  });
});
