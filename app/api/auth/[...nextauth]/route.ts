import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { requestOrigin } from "@/lib/app-origin";
import { CALLBACK_URL_PARAM, callbackUrlForNextAuth } from "@/lib/auth/callback-url";
import { getAuthOptions } from "@/lib/auth/options";
import { screenSignInEmail } from "@/lib/auth/sign-in-throttle";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request from the validated environment (not at import, which `next build` also does).
async function handler(request: NextRequest, context: Context) {
  const [action, provider] = (await context.params).nextauth;
  // Sign-in emails are checked and throttled before next-auth sends anything; next-auth reads the
  // request as it was checked.
  if (request.method === "POST" && action === "signin" && provider === "email") {
    const screened = await screenSignInEmail(request);
    if (screened instanceof Response) return screened;
    request = screened;
  }
  cleanCallbackUrlParam(request);
  return NextAuth(request as never, context as never, getAuthOptions());
}

// next-auth answers 500 for a callbackUrl it refuses (lib/auth/callback-url.ts). It reads the query
// from request.nextUrl, so that is where the value is replaced.
function cleanCallbackUrlParam(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const values = params.getAll(CALLBACK_URL_PARAM);
  if (values.length === 0) return;
  const cleaned = values.map((value) => callbackUrlForNextAuth(value, requestOrigin(request)));
  if (cleaned.every((value, i) => value === values[i])) return;
  params.delete(CALLBACK_URL_PARAM);
  for (const value of cleaned) if (value !== undefined) params.append(CALLBACK_URL_PARAM, value);
}

export { handler as GET, handler as POST };
