// The sign-in page tells a user whose sign-in emails were throttled when to retry.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { RATE_LIMITED_ERROR } from "@/lib/auth/sign-in-throttle";

vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null }));
// Outside a request there are no headers to take the origin from.
vi.mock("@/lib/app-origin", () => ({ appOrigin: async () => "http://localhost:3000" }));

async function render(searchParams: Record<string, string>) {
  const { default: SignInPage } = await import("./page");
  return renderToStaticMarkup(await SignInPage({ searchParams: Promise.resolve(searchParams) }));
}

const inSeconds = (seconds: number) => String(Math.floor(Date.now() / 1000) + seconds);

describe("/sign-in", () => {
  it("says when to retry after too many sign-in emails", async () => {
    expect(await render({ error: RATE_LIMITED_ERROR, retryAt: inSeconds(600) })).toMatch(
      /role="alert"[^>]*>Too many sign-in emails were asked for, for this address or from your network\. Try again in 10 minutes\./,
    );
    expect(await render({ error: RATE_LIMITED_ERROR, retryAt: inSeconds(45) })).toContain("Try again in 45 seconds.");
  });

  it.each([
    ["no error", {}],
    ["a time already past", { error: RATE_LIMITED_ERROR, retryAt: inSeconds(-5) }],
    ["a time beyond any window", { error: RATE_LIMITED_ERROR, retryAt: inSeconds(86_400) }],
    ["a time that is no number", { error: RATE_LIMITED_ERROR, retryAt: "soon<script>" }],
    ["another error", { error: "Verification", retryAt: inSeconds(60) }],
  ])("says nothing about retrying for %s", async (_, searchParams) => {
    expect(await render(searchParams)).not.toContain("Try again");
  });

  it("says where the sign-in link goes when no SMTP server is configured (development)", async () => {
    expect(await render({})).toMatch(
      /Development: no EMAIL_SERVER is set, so the link is not emailed\. It is printed in the terminal running <code>npm run dev<\/code> and listed on <a [^>]*href="\/dev\/magic-links"/,
    );
  });
});
