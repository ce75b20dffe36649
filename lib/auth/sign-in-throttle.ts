// `POST /api/auth/signin/email`, before next-auth sees it: the request is read once, the way
// next-auth reads it, refused when next-auth could read it otherwise than we do, and throttled per
// address and per client IP (counted in PostgreSQL like the API's limits, lib/rate-limit).
// - One parse, shared: next-auth gets a request rebuilt from the fields counted here, so the address
//   counted is the address mailed. A form with a field twice (next-auth keeps the last), a JSON
//   field that is not a string, a body that is no JSON although it says so: 400.
// - Bounded before anything else: an address longer than RFC 5321 allows (64 characters before the
//   @, 254 in all) is refused with a 400; no mailbox has one, and it would reach keys and tables.
// - Only an attempt that would send mail is counted: one with next-auth's valid CSRF token (the
//   cookie and the form field next-auth checks) and an address next-auth accepts. Anything else is
//   passed on uncounted: next-auth refuses it and sends nothing, so it cannot use up anyone's budget.
// Nothing here looks the address up: a known and an unknown address are counted and answered the
// same way, so the answer says nothing about who has an account. A refused request goes back to the
// sign-in page, which tells the user when to retry.
import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { clientIp } from "@/lib/client-ip";
import { canonicalEmail, exceedsEmailLengths, MAX_EMAIL_LENGTH, MAX_LOCAL_PART_LENGTH } from "@/lib/email-address";
import { getServerEnv } from "@/lib/env";
import { consumeRateLimit, type RateLimitDecision } from "@/lib/rate-limit/rate-limit";
import { getAuthOptions } from "./options.ts";
import { SIGN_IN_PATH } from "./protected.ts";

const WINDOW_MS = 15 * 60_000;
export const SIGN_IN_EMAIL_LIMITS = {
  /** A person asks once, maybe twice if the mail is slow: a third time in 15 minutes is plenty. */
  perAddress: { limit: 3, windowMs: WINDOW_MS },
  /** Offices and mobile networks share addresses: generous, but a bound on one machine spraying addresses. */
  perIp: { limit: 40, windowMs: WINDOW_MS },
};

export { MAX_EMAIL_LENGTH, MAX_LOCAL_PART_LENGTH };

/** The error codes and parameter the sign-in page reads. */
export const RATE_LIMITED_ERROR = "EmailRateLimited";
export const INVALID_REQUEST_ERROR = "EmailInvalid";
const RETRY_AT_PARAM = "retryAt";

type SignInForm = Record<string, string>;

/**
 * The answer to a sign-in email request that must not reach next-auth (400, or 429 when a limit is
 * used up), or the request next-auth is to read: rebuilt from the fields checked and counted here.
 */
export async function screenSignInEmail(request: NextRequest, now = Date.now()): Promise<Response | NextRequest> {
  const form = await readSignInForm(request);
  if (typeof form === "string") return invalid(request, form, undefined);
  const email = form.email?.normalize("NFKC").trim();
  if (email && exceedsEmailLengths(email)) {
    return invalid(request, `An email address holds at most ${MAX_LOCAL_PART_LENGTH} characters before the @ and ${MAX_EMAIL_LENGTH} in all.`, form);
  }

  const address = countedAddress(email);
  if (address && hasValidCsrfToken(request, form)) {
    const refused = await throttle(request, address, form, now);
    if (refused) return refused;
  }
  return new NextRequest(request.url, {
    method: "POST",
    headers: withFormType(request.headers),
    body: new URLSearchParams(form).toString(),
  });
}

async function throttle(request: Request, address: string, form: SignInForm, now: number): Promise<Response | undefined> {
  const decisions: RateLimitDecision[] = await Promise.all([
    consumeRateLimit(`sign-in-ip:${clientIp(request)}`, SIGN_IN_EMAIL_LIMITS.perIp.limit, { now, windowMs: SIGN_IN_EMAIL_LIMITS.perIp.windowMs }),
    consumeRateLimit(`sign-in-email:${address}`, SIGN_IN_EMAIL_LIMITS.perAddress.limit, { now, windowMs: SIGN_IN_EMAIL_LIMITS.perAddress.windowMs }),
  ]);
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length === 0) return undefined;

  const retryAfter = Math.max(...refused.map((decision) => decision.resetSeconds));
  const back = signInPage(request, { error: RATE_LIMITED_ERROR, [RETRY_AT_PARAM]: String(Math.ceil(now / 1000) + retryAfter) }, form);
  const headers = { "Retry-After": String(retryAfter), "Cache-Control": "no-store" };
  if (form.json === "true") return Response.json({ url: back.href }, { status: 429, headers });
  return new Response(null, { status: 303, headers: { ...headers, Location: back.href } });
}

/** Seconds left until `retryAt` (epoch seconds, from the sign-in page's URL), or undefined when it is not a sensible time. */
export function secondsUntilRetry(retryAt: string | undefined, now = Date.now()): number | undefined {
  if (!retryAt || !/^\d{1,12}$/.test(retryAt)) return undefined;
  const seconds = Number(retryAt) - Math.floor(now / 1000);
  return seconds > 0 && seconds <= (2 * WINDOW_MS) / 1000 ? seconds : undefined; // a sliding window refuses for two windows at most
}

/**
 * The body as next-auth's route handler reads it (next-auth/next/utils.js `getBody`): JSON when the
 * type contains application/json, a form when it contains x-www-form-urlencoded, else nothing.
 * A string when next-auth could read it differently, or not at all: why it is refused.
 */
async function readSignInForm(request: Request): Promise<SignInForm | string> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (type.includes("application/json")) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return "The body is not valid JSON.";
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) return "The body must be a JSON object of strings.";
    const fields = Object.entries(body);
    if (fields.some(([, value]) => typeof value !== "string")) return "Every field of the body must be a string.";
    return Object.fromEntries(fields) as SignInForm;
  }
  if (!type.includes("application/x-www-form-urlencoded")) return {};
  const params = new URLSearchParams(text);
  const names = [...params.keys()];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) return `The form has the field "${repeated.slice(0, 40)}" more than once: send each field once.`;
  return Object.fromEntries(params);
}

function withFormType(source: Headers) {
  const headers = new Headers(source);
  headers.set("content-type", "application/x-www-form-urlencoded");
  headers.delete("content-length");
  return headers;
}

/**
 * next-auth's own CSRF check (next-auth/core/lib/csrf-token.js, which it does not export): the
 * csrf-token cookie holds `token|sha256(token + secret)`, and the form's csrfToken is that token.
 */
function hasValidCsrfToken(request: NextRequest, form: SignInForm) {
  const options = getAuthOptions();
  const secure = options.useSecureCookies ?? (getServerEnv().NEXTAUTH_URL ?? request.url).startsWith("https://");
  const cookie = request.cookies.get(`${secure ? "__Host-" : ""}next-auth.csrf-token`)?.value;
  const [token, hash] = cookie?.split("|") ?? [];
  if (!token || !hash || !form.csrfToken) return false;
  const expected = createHash("sha256").update(`${token}${options.secret}`).digest("hex");
  return hash === expected && form.csrfToken === token;
}

/**
 * The address as a mailbox receives it (lib/email-address.ts), or undefined when next-auth would
 * refuse it (its default normalizeIdentifier: one @, no quote, a dot in the domain, the domain cut
 * at a comma).
 */
function countedAddress(email: string | undefined): string | undefined {
  if (!email || email.split("@").length !== 2 || email.includes('"')) return undefined;
  const address = canonicalEmail(email);
  return address?.split("@")[1]!.includes(".") ? address : undefined;
}

function signInPage(request: Request, params: Record<string, string>, form: SignInForm | undefined) {
  const back = new URL(SIGN_IN_PATH, getServerEnv().NEXTAUTH_URL ?? request.url);
  for (const [name, value] of Object.entries(params)) back.searchParams.set(name, value);
  if (form?.callbackUrl) back.searchParams.set("callbackUrl", form.callbackUrl);
  return back;
}

/** 400: as JSON with the sign-in page to go back to for next-auth's client (`json: "true"`), as text for anything else. */
function invalid(request: Request, message: string, form: SignInForm | undefined): Response {
  const headers = { "Cache-Control": "no-store" };
  if (form?.json === "true") return Response.json({ url: signInPage(request, { error: INVALID_REQUEST_ERROR }, form).href, message }, { status: 400, headers });
  return new Response(`400 Bad Request\n\n${message}\n`, { status: 400, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
}
