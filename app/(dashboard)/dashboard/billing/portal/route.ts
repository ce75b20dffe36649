import { NextResponse } from "next/server";
import { requestOrigin } from "@/lib/app-origin";
import { signInPath } from "@/lib/auth/protected";
import { getCurrentUser } from "@/lib/auth/session";
import { portalDestination } from "@/lib/billing/checkout";
import { PORTAL_PATH } from "@/lib/billing/paths";
import { getBilling } from "@/lib/billing/stripe";

// The link in billing emails ("Update your card"): a fresh Customer Portal session each time, since
// portal URLs expire. Signed out, sign in first and come back here (proxy.ts checks the cookie; this
// checks the session, which may have ended).
export async function GET(request: Request) {
  const origin = requestOrigin(request);
  const user = await getCurrentUser();
  if (!user) return NextResponse.redirect(`${origin}${signInPath(PORTAL_PATH)}`, 303);
  return NextResponse.redirect(await portalDestination(getBilling(), user.subscription?.stripeCustomerId, origin), 303);
}
