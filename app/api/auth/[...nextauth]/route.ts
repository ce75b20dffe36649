import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
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
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
