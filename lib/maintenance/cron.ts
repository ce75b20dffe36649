// Who may start the maintenance job over HTTP: Vercel Cron, which sends
// `Authorization: Bearer <CRON_SECRET>`. Without CRON_SECRET nobody may (the route would
// otherwise be open to anyone); compared in constant time.
import { timingSafeEqual } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { getServerEnv } from "@/lib/env";

export function isCronRequest(authorization: string | null, secret: string | undefined): boolean {
  if (!secret || authorization === null) return false;
  const given = Buffer.from(authorization);
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A 401 in the API's error shape, unless the request comes from Vercel Cron. */
export function cronRefusal(request: Request, secret = getServerEnv().CRON_SECRET): Response | undefined {
  if (isCronRequest(request.headers.get("authorization"), secret)) return undefined;
  const message = secret ? "Send `Authorization: Bearer <CRON_SECRET>`." : "Cron is not configured: set CRON_SECRET.";
  return new ApiError("unauthorized", message, undefined, { "WWW-Authenticate": 'Bearer realm="cron"' }).toResponse();
}
