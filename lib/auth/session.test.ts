// getServerSession is next-auth's own, run against this app's options and database; only the
// request (next/headers) and the render context (next/server) are stood in for.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { isDatabaseBusy } from "@/lib/database-errors";
import { getDb } from "@/lib/db";
import { itOnPgPath } from "@/test/support/database-path";

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
  it("is the session's user, with their organization's name, slug and subscription", async () => {
    const { user, sessionToken } = await signedInUser("current@example.com");
    request.cookies.set("next-auth.session-token", sessionToken);
    const current = await getCurrentUser();
    const organization = await db.organization.findUniqueOrThrow({ where: { personalOwnerId: user.id }, select: { name: true, slug: true } });
    expect(current).toMatchObject({ id: user.id, email: "current@example.com", name: "Grace", organization, subscription: { plan: "free" } });
  });

  it("is null without a session cookie, with an unknown token, and with an expired session", async () => {
    expect(await getCurrentUser()).toBeNull();
    request.cookies.set("next-auth.session-token", "not-a-session");
    expect(await getCurrentUser()).toBeNull();
    const { sessionToken } = await signedInUser("expired@example.com", -1000);
    request.cookies.set("next-auth.session-token", sessionToken);
    expect(await getCurrentUser()).toBeNull();
  });

  itOnPgPath("the lock is taken on the database the app's pool reaches")(
    "fails, rather than answering signed out, when the session cannot be looked up (the database busy or away)",
    async () => {
      const { sessionToken } = await signedInUser("unreachable@example.com");
      request.cookies.set("next-auth.session-token", sessionToken);
      // Another client holds the sessions table: every lookup waits until the statement timeout cancels it.
      const locker = new pg.Client(process.env.DATABASE_URL);
      await locker.connect();
      try {
        await locker.query('BEGIN; LOCK TABLE "Session" IN ACCESS EXCLUSIVE MODE');
        const failure = await getCurrentUser().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isDatabaseBusy(failure)).toBe(true);
      } finally {
        await locker.end();
      }
    },
    30_000,
  );
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
