import { headers } from "next/headers";
import { getServerEnv } from "@/lib/env";

/** The app's public origin, for links sent elsewhere (Stripe redirects): NEXTAUTH_URL, else the request's. */
export async function appOrigin(): Promise<string> {
  const configured = getServerEnv().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const request = await headers();
  const host = request.get("x-forwarded-host") ?? request.get("host") ?? "localhost:3000";
  return `${request.get("x-forwarded-proto") ?? "http"}://${host}`;
}

/** The same for a route handler, from its request: NEXTAUTH_URL, else the origin the request was made to. */
export function requestOrigin(request: Request): string {
  return new URL(getServerEnv().NEXTAUTH_URL ?? request.url).origin;
}
