// next-auth's configuration, built once from the validated environment.
import type { NextAuthOptions } from "next-auth";
import { headers } from "next/headers";
import { getDb } from "@/lib/db";
import { getServerEnv } from "@/lib/env";
import { localRedirectPath } from "@/lib/redirect-target";
import { createAuthAdapter } from "./adapter.ts";
import { SIGN_IN_PATH } from "./protected.ts";
import { buildProviders } from "./providers.ts";

// Outside production only (env validation requires NEXTAUTH_SECRET there): sessions of a dev
// database are worthless elsewhere.
const DEVELOPMENT_SECRET = "development-only-secret-not-for-production-use";

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const env = getServerEnv();
  options = {
    adapter: createAuthAdapter(getDb(), { userAgent: requestUserAgent }),
    providers: buildProviders(env),
    secret: env.NEXTAUTH_SECRET ?? DEVELOPMENT_SECRET,
    // Database sessions: signing out or deleting the account ends the session everywhere, at once.
    session: { strategy: "database", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    pages: { signIn: SIGN_IN_PATH, verifyRequest: "/check-email", error: "/auth-error" },
    callbacks: {
      session({ session, user }) {
        return { ...session, user: { ...session.user, id: user.id } };
      },
      // Every callbackUrl next-auth follows (sign-in, sign-out, magic links) stays on this site;
      // anything else goes to the home page, as next-auth's own default does.
      redirect({ url, baseUrl }) {
        return new URL(localRedirectPath(url, baseUrl) ?? "/", baseUrl).href;
      },
    },
  };
  return options;
}

/** The User-Agent of the request next-auth is serving (signing in: the browser that gets the session). */
async function requestUserAgent() {
  return (await headers()).get("user-agent");
}
