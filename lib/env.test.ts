import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, logLevelFrom, parseServerEnv, unsetEmptyVariables } from "@/lib/env";
import { projectRoot } from "@/test/support/prisma-cli";

describe("parseServerEnv", () => {
  it("accepts a postgres URL and applies defaults", () => {
    const env = parseServerEnv({ DATABASE_URL: "postgresql://u:p@db.example.com:5432/app" });
    expect(env).toMatchObject({ NODE_ENV: "development", DATABASE_POOL_SIZE: 10 });
  });

  it.each(["postgres://h/db", "prisma://accelerate.prisma-data.net/?api_key=k", "prisma+postgres://localhost:51213/?api_key=k"])("accepts %s", (url) => {
    expect(parseServerEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it("names a missing DATABASE_URL, also when set to an empty string", () => {
    for (const source of [{}, { DATABASE_URL: "" }]) {
      expect(() => parseServerEnv(source)).toThrow(EnvError);
      expect(() => parseServerEnv(source)).toThrow(/DATABASE_URL is required/);
    }
  });

  it.each(["mysql://h/db", "not a url", "localhost:5432/app"])("rejects DATABASE_URL=%s by name", (url) => {
    expect(() => parseServerEnv({ DATABASE_URL: url })).toThrow(/DATABASE_URL must be a URL starting with postgres:\/\//);
  });

  it("reads the API-key cache TTL, 10 s by default, 0 allowed", () => {
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db" }).API_KEY_CACHE_TTL_SECONDS).toBe(10);
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", API_KEY_CACHE_TTL_SECONDS: "0" }).API_KEY_CACHE_TTL_SECONDS).toBe(0);
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://h/db", API_KEY_CACHE_TTL_SECONDS: "-1" })).toThrow(/API_KEY_CACHE_TTL_SECONDS/);
  });

  it("reads CLIENT_IP_HEADER as a lower-case header name, unset when empty, and names anything else", () => {
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", CLIENT_IP_HEADER: "" }).CLIENT_IP_HEADER).toBeUndefined();
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", CLIENT_IP_HEADER: "X-Real-IP" }).CLIENT_IP_HEADER).toBe("x-real-ip");
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://h/db", CLIENT_IP_HEADER: "x-real-ip: 1.2.3.4" })).toThrow(/CLIENT_IP_HEADER must be a header name/);
  });

  it("names a malformed LOG_LEVEL", () => {
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://h/db", LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", LOG_LEVEL: "warn" }).LOG_LEVEL).toBe("warn");
  });

  it("logs queries only when LOG_QUERIES says so, and names a malformed value", () => {
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db" }).LOG_QUERIES).toBe(false);
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", NODE_ENV: "development" }).LOG_QUERIES).toBe(false);
    for (const on of ["1", "true", "yes"]) expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", LOG_QUERIES: on }).LOG_QUERIES).toBe(true);
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", LOG_QUERIES: "0" }).LOG_QUERIES).toBe(false);
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://h/db", LOG_QUERIES: "sometimes" })).toThrow(/LOG_QUERIES must be true or false/);
  });

  it("names a malformed OTLP endpoint or TRACE_SLOW_MS", () => {
    const env = (extra: Record<string, string>) => () => parseServerEnv({ DATABASE_URL: "postgres://h/db", ...extra });
    expect(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4318" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
    expect(env({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "collector" })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http\(s\) URL/);
    expect(env({ TRACE_SLOW_MS: "half a second" })).toThrow(/TRACE_SLOW_MS must be a whole number of milliseconds/);
    expect(env({ TRACE_SLOW_MS: "500" })()).toMatchObject({ TRACE_SLOW_MS: 500 });
  });

  it("rejects a pool size that is not a positive integer", () => {
    expect(() => parseServerEnv({ DATABASE_URL: "postgres://h/db", DATABASE_POOL_SIZE: "zero" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(parseServerEnv({ DATABASE_URL: "postgres://h/db", DATABASE_POOL_SIZE: "3" }).DATABASE_POOL_SIZE).toBe(3);
  });
});

describe("auth and integrations", () => {
  const base = { DATABASE_URL: "postgres://h/db" };
  const secret = "s".repeat(32);

  it("requires NEXTAUTH_SECRET in production only", () => {
    expect(() => parseServerEnv({ ...base, NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET is required in production/);
    expect(parseServerEnv({ ...base, NODE_ENV: "production", NEXTAUTH_SECRET: secret }).NEXTAUTH_SECRET).toBe(secret);
    expect(parseServerEnv({ ...base, NODE_ENV: "development" }).NEXTAUTH_SECRET).toBeUndefined();
    expect(() => parseServerEnv({ ...base, NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET must be at least 32 characters/);
  });

  it("leaves SMTP and GitHub off when unset, and wants them complete when set", () => {
    const env = parseServerEnv(base);
    expect([env.EMAIL_SERVER, env.EMAIL_FROM, env.GITHUB_ID, env.GITHUB_SECRET]).toEqual([undefined, undefined, undefined, undefined]);
    expect(() => parseServerEnv({ ...base, EMAIL_SERVER: "smtp://mail.example.com:587" })).toThrow(/EMAIL_FROM is required when EMAIL_SERVER is set/);
    expect(() => parseServerEnv({ ...base, EMAIL_FROM: "App <a@example.com>" })).toThrow(/EMAIL_SERVER is required/);
    expect(() => parseServerEnv({ ...base, GITHUB_ID: "id" })).toThrow(/GITHUB_SECRET is required when GITHUB_ID is set/);
    expect(() => parseServerEnv({ ...base, EMAIL_SERVER: "not a url", EMAIL_FROM: "a@example.com" })).toThrow(/EMAIL_SERVER must be a URL/);
  });
});

describe("Stripe", () => {
  const base = { DATABASE_URL: "postgres://h/db" };
  const billing = { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_abc", STRIPE_PRICE_PRO_MONTHLY: "price_monthly" };
  const production = { ...base, NODE_ENV: "production", NEXTAUTH_SECRET: "s".repeat(32) };

  it("is off when unset, and must be complete when configured", () => {
    expect(parseServerEnv(base).STRIPE_SECRET_KEY).toBeUndefined();
    expect(parseServerEnv({ ...base, ...billing }).STRIPE_PRICE_PRO_MONTHLY).toBe("price_monthly");
    expect(() => parseServerEnv({ ...base, STRIPE_SECRET_KEY: "sk_test_123" })).toThrow(/STRIPE_WEBHOOK_SECRET is required when billing is configured/);
    expect(() => parseServerEnv({ ...base, ...billing, STRIPE_PRICE_PRO_MONTHLY: "prod_123" })).toThrow(/STRIPE_PRICE_PRO_MONTHLY must be a Stripe price id/);
    expect(() => parseServerEnv({ ...base, ...billing, STRIPE_SECRET_KEY: "pk_test_123" })).toThrow(/STRIPE_SECRET_KEY must be a Stripe secret key/);
  });

  it("reads STRIPE_TRIAL_DAYS as a whole number of days, and no trial when unset", () => {
    expect(parseServerEnv({ ...base, ...billing, STRIPE_TRIAL_DAYS: "14" }).STRIPE_TRIAL_DAYS).toBe(14);
    expect(parseServerEnv({ ...base, ...billing }).STRIPE_TRIAL_DAYS).toBeUndefined();
    expect(parseServerEnv({ ...base, ...billing, STRIPE_TRIAL_DAYS: "" }).STRIPE_TRIAL_DAYS).toBeUndefined();
  });

  it.each(["0", "-7", "1.5", "two weeks", "14d"])("refuses STRIPE_TRIAL_DAYS=%s, saying what it must be", (value) => {
    expect(() => parseServerEnv({ ...base, ...billing, STRIPE_TRIAL_DAYS: value })).toThrow(
      /STRIPE_TRIAL_DAYS must be a whole number of days between 1 and 730 \(e\.g\. 14\), or unset for no trial/,
    );
  });

  it("refuses a trial longer than Stripe allows", () => {
    expect(() => parseServerEnv({ ...base, ...billing, STRIPE_TRIAL_DAYS: "731" })).toThrow(/STRIPE_TRIAL_DAYS must be at most 730 days/);
  });

  it("accepts STRIPE_API_BASE outside production", () => {
    expect(parseServerEnv({ ...base, ...billing, STRIPE_API_BASE: "http://stripe-mock:12111" }).STRIPE_API_BASE).toBe("http://stripe-mock:12111");
  });

  it("refuses STRIPE_API_BASE in production, except a test key on this machine (e2e of the production build)", () => {
    const refused = /STRIPE_API_BASE is refused in production/;
    expect(() => parseServerEnv({ ...production, ...billing, STRIPE_API_BASE: "http://stripe-mock:12111" })).toThrow(refused);
    expect(() => parseServerEnv({ ...production, ...billing, STRIPE_SECRET_KEY: "sk_live_123", STRIPE_API_BASE: "http://127.0.0.1:12111" })).toThrow(refused);
    expect(() => parseServerEnv({ ...production, ...billing, STRIPE_API_BASE: "https://evil.example.com" })).toThrow(refused);
    expect(parseServerEnv({ ...production, ...billing, STRIPE_API_BASE: "http://127.0.0.1:12111" }).STRIPE_API_BASE).toBe("http://127.0.0.1:12111");
  });
});

describe("a copy of .env.example, as is", () => {
  // Its NAME=value lines (the file has no quoting or multi-line values).
  const copied = Object.fromEntries(
    [...readFileSync(path.join(projectRoot, ".env.example"), "utf8").matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(([, name, value]) => [name!, value!]),
  );

  it("sets every variable to an empty value, and every one of them reads as unset", () => {
    expect(Object.keys(copied).length).toBeGreaterThan(20);
    expect(Object.values(copied).every((value) => value === "")).toBe(true);
    const databaseUrl = { DATABASE_URL: "postgres://h/db" };
    expect(parseServerEnv({ ...copied, ...databaseUrl })).toEqual(parseServerEnv(databaseUrl));
    expect(logLevelFrom(copied)).toBeUndefined();
  });

  it("leaves nothing empty in process.env for the libraries that read it themselves (next-auth, pino)", () => {
    const processEnv: Record<string, string | undefined> = { ...copied, PATH: "/usr/bin" };
    unsetEmptyVariables(processEnv);
    expect(processEnv).toEqual({ PATH: "/usr/bin" });
  });
});

describe("logLevelFrom (the logger's level, read on its own)", () => {
  it("reads a level, and an empty or missing one as unset", () => {
    expect(logLevelFrom({ LOG_LEVEL: "warn" })).toBe("warn");
    expect(logLevelFrom({ LOG_LEVEL: "" })).toBeUndefined();
    expect(logLevelFrom({})).toBeUndefined();
  });

  it("names a malformed LOG_LEVEL and the levels there are", () => {
    expect(() => logLevelFrom({ LOG_LEVEL: "verbose" })).toThrow(EnvError);
    expect(() => logLevelFrom({ LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});
