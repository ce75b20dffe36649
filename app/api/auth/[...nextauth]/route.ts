import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";
import { throttleSignInEmail } from "@/lib/auth/sign-in-throttle";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request from the validated environment (not at import, which `next build` also does).
async function handler(request: Request, context: Context) {
  const [action, provider] = (await context.params).nextauth;
  // Sign-in emails are throttled before next-auth sends anything.
  if (request.method === "POST" && action === "signin" && provider === "email") {
    const refused = await throttleSignInEmail(request);
    if (refused) return refused;
  }
  return NextAuth(request as never, context as never, getAuthOptions());
}

export { handler as GET, handler as POST };
