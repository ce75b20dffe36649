// Sign-in emails through the real next-auth route handler (email provider, database adapter, CSRF),
// on this file's own PostgreSQL database: throttled per address and per client IP, answered the
// same way for known and unknown addresses, and sent back to the sign-in page with when to retry.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { recentMagicLinks, recentMagicLinksWithStatus } from "@/lib/auth/magic-links";
import { INVALID_REQUEST_ERROR, RATE_LIMITED_ERROR, SIGN_IN_EMAIL_LIMITS } from "@/lib/auth/sign-in-throttle";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/client-ip";
import { getDb } from "@/lib/db";
import { newUser } from "@/test/support/users";

// next-auth reads the request's cookies and headers with require("next/headers"), which needs
// Next's request scope: this file plays that scope, through the same CommonJS module. Hoisted above
// the imports: a module imported here (lib/auth/options.ts, through the throttle) binds `headers`
// when it is first imported.
const current = vi.hoisted(() => {
  process.env.NEXTAUTH_URL = "http://localhost:3000";
  const current = { headers: new Headers(), cookies: new Map<string, string>() };
  const nextHeaders = process.getBuiltinModule("node:module").createRequire(import.meta.url)("next/headers") as Record<string, unknown>;
  nextHeaders.headers = async () => current.headers;
  nextHeaders.cookies = async () => ({ getAll: () => [...current.cookies].map(([name, value]) => ({ name, value })) });
  return current;
});

const { GET, POST } = await import("./route");
const db = getDb();
afterAll(() => db.$disconnect());

beforeAll(async () => {
  vi.spyOn(console, "info").mockImplementation(() => {}); // the development sender logs every link
  // The counts live in 15-minute windows: start well inside one.
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}, 30_000);

const ORIGIN = "http://localhost:3000";
const WINDOW_MS = SIGN_IN_EMAIL_LIMITS.perAddress.windowMs;
let ips = 0;
let ip = "";
beforeEach(() => {
  ip = `198.51.100.${++ips}`; // every test its own client
});

type Form = Record<string, string> | [string, string][];

async function call(handler: typeof GET, path: string, init: { method?: string; form?: Form; clientIp?: string } = {}) {
  const headers = new Headers({ host: "localhost:3000", [CONNECTION_ADDRESS_HEADER]: init.clientIp ?? ip });
  if (init.form) headers.set("content-type", "application/x-www-form-urlencoded");
  headers.set("cookie", [...current.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; "));
  current.headers = headers;
  const request = new NextRequest(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
  const response = await handler(request, { params: Promise.resolve({ nextauth: path.split("?")[0]!.replace("/api/auth/", "").split("/") }) });
  for (const cookie of response.headers.getSetCookie()) {
    const [pair = ""] = cookie.split(";");
    const at = pair.indexOf("=");
    current.cookies.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1))); // as Next's cookies() decodes them
  }
  return response;
}

const csrfToken = async (options: { clientIp?: string } = {}) =>
  ((await (await call(GET, "/api/auth/csrf", options)).json()) as { csrfToken: string }).csrfToken;

/** What next-auth's client (`signIn("email", …)`) sends, CSRF token included. */
async function requestLink(email: string, options: { clientIp?: string; json?: boolean } = {}) {
  const form = { email, csrfToken: await csrfToken(options), callbackUrl: "/dashboard/posts", ...(options.json !== false && { json: "true" }) };
  return call(POST, "/api/auth/signin/email", { method: "POST", form, ...options });
}

const emailsTo = (address: string) => recentMagicLinks().filter((link) => link.email === address).length;

async function answer(response: Response) {
  const body = (await response.json()) as { url: string };
  return { status: response.status, retryAfter: response.headers.get("retry-after"), url: body.url.replace(/retryAt=\d+/, "retryAt=<t>") };
}

describe("POST /api/auth/signin/email", () => {
  it(`sends at most ${SIGN_IN_EMAIL_LIMITS.perAddress.limit} emails to one address in 15 minutes, then sends the user back to sign-in with when to retry`, async () => {
    const address = `burst-${Date.now()}@example.com`;
    for (let i = 0; i < SIGN_IN_EMAIL_LIMITS.perAddress.limit; i++) {
      const sent = await requestLink(address);
      expect(await answer(sent)).toEqual({ status: 200, retryAfter: null, url: `${ORIGIN}/api/auth/verify-request?provider=email&type=email` });
    }
    const refused = await requestLink(address);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2 * 15 * 60); // the requests fade out of the sliding window within two windows
    const back = new URL(((await refused.json()) as { url: string }).url);
    expect(back.pathname).toBe("/sign-in");
    expect(back.searchParams.get("error")).toBe(RATE_LIMITED_ERROR);
    expect(back.searchParams.get("callbackUrl")).toBe("/dashboard/posts");
    expect(Number(back.searchParams.get("retryAt")) - Date.now() / 1000).toBeCloseTo(retryAfter, -1);
    expect(emailsTo(address)).toBe(SIGN_IN_EMAIL_LIMITS.perAddress.limit);
  });

  it("answers a known and an unknown address exactly the same way, sent or refused", async () => {
    const known = `known-${Date.now()}@example.com`;
    await newUser(known);
    const unknown = `unknown-${Date.now()}@example.com`;
    for (let i = 0; i <= SIGN_IN_EMAIL_LIMITS.perAddress.limit; i++) {
      expect(await answer(await requestLink(known))).toEqual(await answer(await requestLink(unknown)));
    }
    expect(emailsTo(known)).toBe(emailsTo(unknown));
  });

  it("counts case and +tag variants of an address as that address", async () => {
    const base = `variants-${Date.now()}`;
    const variants = [`${base}@example.com`, `${base.toUpperCase()}@Example.com`, `  ${base}+a@example.com`, `${base}+b@EXAMPLE.COM`];
    const statuses = [];
    for (const variant of variants) statuses.push((await requestLink(variant)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it(`sends at most ${SIGN_IN_EMAIL_LIMITS.perIp.limit} emails from one client IP in 15 minutes, whatever the addresses; other clients are not affected`, async () => {
    const statuses = [];
    for (let i = 0; i <= SIGN_IN_EMAIL_LIMITS.perIp.limit; i++) statuses.push((await requestLink(`spray-${i}-${Date.now()}@example.com`)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(SIGN_IN_EMAIL_LIMITS.perIp.limit);
    expect(statuses.at(-1)).toBe(429);
    expect((await requestLink(`elsewhere-${Date.now()}@example.com`, { clientIp: "192.0.2.200" })).status).toBe(200);
  });

  it("refuses a form that names the address twice with a 400, and mails neither address", async () => {
    const [counted, mailed] = [`first-${Date.now()}@example.com`, `last-${Date.now()}@example.com`];
    const form: Form = [
      ["email", counted],
      ["email", mailed],
      ["csrfToken", await csrfToken()],
      ["json", "true"],
    ];
    for (let i = 0; i <= SIGN_IN_EMAIL_LIMITS.perAddress.limit; i++) {
      const refused = await call(POST, "/api/auth/signin/email", { method: "POST", form });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('The form has the field "email" more than once');
    }
    expect(emailsTo(counted) + emailsTo(mailed)).toBe(0);
  });

  it.each([
    ["a local part over 64 characters", `${"a".repeat(65)}@example.com`],
    ["an address over 254 characters", `user@${"d".repeat(250)}.com`],
    ["a few kilobytes", `${"x".repeat(5000)}@${"y".repeat(5000)}.com`],
  ])("refuses %s with a 400 before counting or mailing anything", async (_, email) => {
    const response = await requestLink(email);
    expect(response.status).toBe(400);
    expect(new URL(((await response.json()) as { url: string }).url).searchParams.get("error")).toBe(INVALID_REQUEST_ERROR);
    expect(emailsTo(email)).toBe(0);
  });

  it("counts only attempts that would send mail: posts without next-auth's CSRF token cannot lock an address out", async () => {
    const address = `victim-${Date.now()}@example.com`;
    for (const token of [undefined, "forged", "a".repeat(64)]) {
      for (let i = 0; i < SIGN_IN_EMAIL_LIMITS.perAddress.limit; i++) {
        const form = { email: address, json: "true", ...(token && { csrfToken: token }) };
        const answer = await call(POST, "/api/auth/signin/email", { method: "POST", form });
        expect(((await answer.json()) as { url: string }).url).toContain("csrf=true"); // next-auth's own refusal: nothing sent
      }
    }
    expect(emailsTo(address)).toBe(0);
    expect((await requestLink(address)).status).toBe(200);
    expect(emailsTo(address)).toBe(1);
  });

  it("redirects a plain form post (no JavaScript) back to the sign-in page", async () => {
    const address = `no-js-${Date.now()}@example.com`;
    for (let i = 0; i < SIGN_IN_EMAIL_LIMITS.perAddress.limit; i++) await requestLink(address, { json: false });
    const refused = await requestLink(address, { json: false });
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toMatch(
      new RegExp(`^${ORIGIN}/sign-in\\?error=${RATE_LIMITED_ERROR}&retryAt=\\d+&callbackUrl=%2Fdashboard%2Fposts$`),
    );
  });
});

describe("the development magic links", () => {
  const statusOf = async (address: string) => (await recentMagicLinksWithStatus()).find((link) => link.email === address)?.status;

  it("are usable until signed in with, then listed as used", async () => {
    const address = `once-${Date.now()}@example.com`;
    await requestLink(address);
    expect(await statusOf(address)).toBe("usable");

    const link = new URL(recentMagicLinks().find((sent) => sent.email === address)!.url);
    const signedIn = await call(GET, `${link.pathname}${link.search}`);
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe(`${ORIGIN}/dashboard/posts`);
    expect(await statusOf(address)).toBe("used");
  });

  it("are listed as expired once their time is past, used or not", async () => {
    const address = `late-${Date.now()}@example.com`;
    await requestLink(address);
    const { expires } = recentMagicLinks().find((sent) => sent.email === address)!;
    const after = new Date(expires.getTime() + 1);
    expect((await recentMagicLinksWithStatus(after)).find((link) => link.email === address)?.status).toBe("expired");
  });

  it("are printed on lines of their own, with where else to find them", async () => {
    const printed = vi.mocked(console.info).mock.calls.map(([line]) => String(line));
    const address = `printed-${Date.now()}@example.com`;
    await requestLink(address);
    const block = vi
      .mocked(console.info)
      .mock.calls.map(([line]) => String(line))
      .slice(printed.length)
      .join("\n");
    const url = recentMagicLinks().find((sent) => sent.email === address)!.url;
    expect(block.split("\n")).toContain(`│  ${url}`);
    expect(block).toContain(`Sign-in link for ${address}`);
    expect(block).toContain(`Also on ${ORIGIN}/dev/magic-links`);
  });
});
