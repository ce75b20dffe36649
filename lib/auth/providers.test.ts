import type { EmailConfig } from "next-auth/providers/email";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startMailbox } from "@/e2e/support/mailbox";
import { logMagicLink, recentMagicLinks } from "@/lib/auth/magic-links";
import { buildProviders, configuredProviders, magicLinksAreLogged } from "@/lib/auth/providers";
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

describe("the sign-in email", () => {
  it("goes through the SMTP server as the branded email, with an HTML and a text part carrying the link", async () => {
    const mailbox = await startMailbox();
    try {
      const smtp = env({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, EMAIL_SERVER: mailbox.smtpUrl, EMAIL_FROM: "Acme SaaS <no-reply@example.com>" });
      const [email] = buildProviders(smtp) as EmailConfig[];
      const url = "https://app.example.com/api/auth/callback/email?token=t0k3n&email=reader%40example.com";
      // next-auth merges the provider's `options` over its defaults: this is the sender it calls.
      await email!.options.sendVerificationRequest!({
        identifier: "reader@example.com",
        url,
        expires: new Date(Date.now() + 86_400_000),
        provider: email!,
        token: "t0k3n",
        theme: {},
      });
      const [mail, ...others] = mailbox.mails();
      expect(others).toEqual([]);
      expect(mail).toMatchObject({ to: ["reader@example.com"], subject: "Sign in to Acme SaaS" });
      expect(mail!.text).toContain(`Sign in:\n${url}`);
      expect(mail!.html).toContain(`href="${url.replace("&", "&amp;")}"`);
      expect(mail!.html).toContain("Acme SaaS");
    } finally {
      await mailbox.stop();
    }
  });

  it("fails the sign-in request when the SMTP server refuses it (next-auth then shows the user an error)", async () => {
    const mailbox = await startMailbox();
    try {
      mailbox.refuseNext(1);
      const smtp = env({ NODE_ENV: "production", NEXTAUTH_SECRET: secret, EMAIL_SERVER: mailbox.smtpUrl, EMAIL_FROM: "Acme SaaS <no-reply@example.com>" });
      const [email] = buildProviders(smtp) as EmailConfig[];
      const request = {
        identifier: "refused@example.com",
        url: "https://app.example.com/x",
        expires: new Date(Date.now() + 60_000),
        provider: email!,
        token: "t",
        theme: {},
      };
      await expect(email!.options.sendVerificationRequest!(request)).rejects.toThrow(/Mailbox temporarily unavailable/);
    } finally {
      await mailbox.stop();
    }
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
