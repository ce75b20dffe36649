// Sign-in emails are throttled per address and per client IP, counted in PostgreSQL like the
// API's limits (lib/rate-limit), before next-auth sees the request. Nothing here looks the address
// up: a known and an unknown address are counted and answered the same way, so the answer says
// nothing about who has an account. A refused request goes back to the sign-in page, which tells
// the user when to retry.
import { clientIp } from "@/lib/client-ip";
import { canonicalEmail } from "@/lib/email-address";
import { getServerEnv } from "@/lib/env";
import { consumeRateLimit, type RateLimitDecision } from "@/lib/rate-limit/rate-limit";
import { SIGN_IN_PATH } from "./protected.ts";

const WINDOW_MS = 15 * 60_000;
export const SIGN_IN_EMAIL_LIMITS = {
  /** A person asks once, maybe twice if the mail is slow: a third time in 15 minutes is plenty. */
  perAddress: { limit: 3, windowMs: WINDOW_MS },
  /** Offices and mobile networks share addresses: generous, but a bound on one machine spraying addresses. */
  perIp: { limit: 40, windowMs: WINDOW_MS },
};

/** The error code and parameter the sign-in page reads. */
export const RATE_LIMITED_ERROR = "EmailRateLimited";
const RETRY_AT_PARAM = "retryAt";

/**
 * For `POST /api/auth/signin/email`: null when the email may be sent (next-auth goes on), else
 * the answer — back to the sign-in page with the time to retry, as JSON for next-auth's client
 * (`{ url }`, what it expects) or as a redirect for a plain form post, with Retry-After either way.
 */
export async function throttleSignInEmail(request: Request, now = Date.now()): Promise<Response | null> {
  const form = await readForm(request);
  // No address at all sends nothing (next-auth refuses it); the per-IP count still applies.
  const address = canonicalEmail(form.get("email"));
  const decisions: RateLimitDecision[] = await Promise.all([
    consumeRateLimit(`sign-in-ip:${clientIp(request)}`, SIGN_IN_EMAIL_LIMITS.perIp.limit, { now, windowMs: SIGN_IN_EMAIL_LIMITS.perIp.windowMs }),
    ...(address
      ? [consumeRateLimit(`sign-in-email:${address}`, SIGN_IN_EMAIL_LIMITS.perAddress.limit, { now, windowMs: SIGN_IN_EMAIL_LIMITS.perAddress.windowMs })]
      : []),
  ]);
  const refused = decisions.filter((decision) => !decision.allowed);
  if (refused.length === 0) return null;

  const retryAfter = Math.max(...refused.map((decision) => decision.resetSeconds));
  const back = new URL(SIGN_IN_PATH, getServerEnv().NEXTAUTH_URL ?? request.url);
  back.searchParams.set("error", RATE_LIMITED_ERROR);
  back.searchParams.set(RETRY_AT_PARAM, String(Math.ceil(now / 1000) + retryAfter));
  const callbackUrl = form.get("callbackUrl");
  if (callbackUrl) back.searchParams.set("callbackUrl", callbackUrl);
  const headers = { "Retry-After": String(retryAfter), "Cache-Control": "no-store" };
  if (form.get("json") === "true") return Response.json({ url: back.href }, { status: 429, headers });
  return new Response(null, { status: 303, headers: { ...headers, Location: back.href } });
}

/** Seconds left until `retryAt` (epoch seconds, from the sign-in page's URL), or undefined when it is not a sensible time. */
export function secondsUntilRetry(retryAt: string | undefined, now = Date.now()): number | undefined {
  if (!retryAt || !/^\d{1,12}$/.test(retryAt)) return undefined;
  const seconds = Number(retryAt) - Math.floor(now / 1000);
  return seconds > 0 && seconds <= WINDOW_MS / 1000 ? seconds : undefined;
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const text = await request.clone().text();
  if ((request.headers.get("content-type") ?? "").includes("application/json")) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(body).flatMap(([name, value]) => (typeof value === "string" ? [[name, value]] : [])));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}
