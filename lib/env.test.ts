import { describe, expect, it } from "vitest";
import { EnvError, parseServerEnv } from "@/lib/env";

describe("parseServerEnv", () => {
  it("accepts a postgres URL and applies defaults", () => {
    const env = parseServerEnv({ DATABASE_URL: "postgresql://u:p@db.example.com:5432/app" });
    expect(env).toMatchObject({ NODE_ENV: "development", DATABASE_POOL_SIZE: 10 });
  });

  it.each(["postgres://h/db", "prisma://accelerate.prisma-data.net/?api_key=k", "prisma+postgres://localhost:51213/?api_key=k"])(
    "accepts %s",
    (url) => {
      expect(parseServerEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it("names a missing DATABASE_URL, also when set to an empty string", () => {
    for (const source of [{}, { DATABASE_URL: "" }]) {
      expect(() => parseServerEnv(source)).toThrow(EnvError);
      expect(() => parseServerEnv(source)).toThrow(/DATABASE_URL is required/);
    }
  });

  it.each(["mysql://h/db", "not a url", "localhost:5432/app"])("rejects DATABASE_URL=%s by name", (url) => {
    expect(() => parseServerEnv({ DATABASE_URL: url })).toThrow(/DATABASE_URL must be a URL starting with postgres:\/\//);
  });

  it("rejects a pool size that is not a positive integer", () => {
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://h/db", DATABASE_POOL_SIZE: "zero" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", DATABASE_POOL_SIZE: "3" }).DATABASE_POOL_SIZE).toBe(3);
  });
});
