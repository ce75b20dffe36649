import { afterEach, describe, expect, it, vi } from "vitest";
import { logMagicLink, recentMagicLinks } from "@/lib/auth/magic-links";
import { configuredProviders, magicLinksAreLogged } from "@/lib/auth/providers";
import { parseServerEnv } from "@/lib/env";

const env = (vars: Record<string, string>) => parseServerEnv({ DATABASE_URL: "postgres://h/db", ...vars });
const secret = "s".repeat(32);

afterEach(() => vi.restoreAllMocks());

describe("configuredProviders", () => {
  it("offers email through SMTP when EMAIL_SERVER and EMAIL_FROM are set", () => {
    const production = env({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, EMAIL_SERVER: "smtp://mail.example.com:587", EMAIL_FROM: "a@example.com" });
    expect(configuredProviders(production)).toEqual([{ id: "email", name: "Email" }]);
    expect(magicLinksAreLogged(production)).toBe(false);
  });

  it("logs magic links instead outside production when there is no SMTP server", () => {
    const development = env({ NODE_ENV: "development" });
    expect(configuredProviders(development)).toEqual([{ id: "email", name: "Email" }]);
    expect(magicLinksAreLogged(development)).toBe(true);
  });

  it("never logs magic links in production: without SMTP there is no email sign-in", () => {
    const production = env({ NODE_ENV: "production", NEXTAUTH_SECRET: secret });
    expect(configuredProviders(production)).toEqual([]);
    expect(magicLinksAreLogged(production)).toBe(false);
  });

  it("offers GitHub only when both GITHUB_ID and GITHUB_SECRET are set", () => {
    expect(configuredProviders(env({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, GITHUB_ID: "id", GITHUB_SECRET: "s" }))).toEqual([
      { id: "github", name: "GitHub" },
    ]);
  });
});

describe("logMagicLink", () => {
  it("writes the link to the server log and keeps it for the development page, newest first", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const expires = new Date(Date.now() + 60_000);
    await logMagicLink({ identifier: "one@example.com", url: "http://localhost:3000/api/auth/callback/email?token=1", expires });
    await logMagicLink({ identifier: "two@example.com", url: "http://localhost:3000/api/auth/callback/email?token=2", expires });
    expect(info).toHaveBeenCalledWith(expect.stringContaining("http://localhost:3000/api/auth/callback/email?token=2"));
    expect(
      recentMagicLinks()
        .slice(0, 2)
        .map((link) => link.email),
    ).toEqual(["two@example.com", "one@example.com"]);
  });
});
