// getServerSession is next-auth's own, run against this app's options and database; only the
// request (next/headers) and the render context (next/server) are stood in for.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";

const request = vi.hoisted(() => ({ cookies: new Map<string, string>(), pathname: "/dashboard/settings" }));

vi.mock("next/server", () => ({ connection: async () => {} }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-pathname": request.pathname }),
  cookies: async () => ({ getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })) }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));
// next-auth reads next/headers with require(); hand it the same stand-ins.
vi.mock("next-auth", async (importOriginal) => {
  const original = await importOriginal<typeof import("next-auth")>();
  const headersModule = await import("next/headers");
  return {
    ...original,
    getServerSession: async (options: import("next-auth").NextAuthOptions) => {
      const cookies = Object.fromEntries(request.cookies);
      const headers = Object.fromEntries(await headersModule.headers());
      return original.getServerSession({ headers, cookies } as never, { getHeader() {}, setCookie() {}, setHeader() {} } as never, options);
    },
  };
});

const { getCurrentUser, requireUser } = await import("@/lib/auth/session");
const { createAuthAdapter } = await import("@/lib/auth/adapter");

const db = getDb();
afterAll(() => db.$disconnect());
beforeEach(() => request.cookies.clear());

async function signedInUser(email: string, expiresInMs = 60_000) {
  const adapter = createAuthAdapter(db);
  const user = await adapter.createUser!({ id: "", email, emailVerified: new Date(), name: "Grace", image: null });
  const sessionToken = `token-${email}`;
  await adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + expiresInMs) });
  return { user, sessionToken };
}

describe("getCurrentUser", () => {
  it("is the session's user, with their subscription", async () => {
    const { user, sessionToken } = await signedInUser("current@example.com");
    request.cookies.set("next-auth.session-token", sessionToken);
    const current = await getCurrentUser();
    expect(current).toMatchObject({ id: user.id, email: "current@example.com", name: "Grace", subscription: { plan: "free" } });
  });

  it("is null without a session cookie, with an unknown token, and with an expired session", async () => {
    expect(await getCurrentUser()).toBeNull();
    request.cookies.set("next-auth.session-token", "not-a-session");
    expect(await getCurrentUser()).toBeNull();
    const { sessionToken } = await signedInUser("expired@example.com", -1000);
    request.cookies.set("next-auth.session-token", sessionToken);
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("requireUser", () => {
  it("returns the signed-in user", async () => {
    const { sessionToken } = await signedInUser("required@example.com");
    request.cookies.set("next-auth.session-token", sessionToken);
    expect((await requireUser()).email).toBe("required@example.com");
  });

  it("redirects a signed-out visitor to sign-in, coming back to the page they asked for", async () => {
    await expect(requireUser()).rejects.toMatchObject({ url: "/sign-in?callbackUrl=%2Fdashboard%2Fsettings" });
  });
});
