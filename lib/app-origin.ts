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
