// Who is signed in, for tests that run the dashboard's pages and actions outside a request.
//
// Most stand in for lib/auth/session: `stubbedSession` answers with the user the test signed in last
// (`signIn`), and sends nobody to sign in as the real one does. In the test file:
//
//   vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));
//
// The tests of sessions themselves (lib/auth/session.test.ts, test/isolation.test.ts) run the real
// one, next-auth's getServerSession on their database, and stand in for the request only:
//
//   vi.mock("next/headers", () => import("@/test/support/signed-in").then((module) => module.requestHeaders));
//   vi.mock("next-auth", (importOriginal) => import("@/test/support/signed-in").then((module) => module.nextAuthOnRequest(importOriginal)));
import type { NextAuthOptions } from "next-auth";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";

/** The signed-in user's fields the dashboard's pages and actions read (lib/auth/session's CurrentUser). */
export type SignedInUser = {
  id: string;
  email: string;
  name: string | null;
  subscription: { plan: string } | null;
  organization: { name: string; slug: string };
  actor: Actor;
};

type Overrides = Partial<Omit<SignedInUser, "subscription">> & { plan?: string };

let current: SignedInUser | null = null;

/**
 * Signs in `user` (as newUser or userWithKey made them), acting as `user.actor`, on the free plan, in
 * an organization whose links say "acme"; `overrides` change any of it.
 */
export function signIn(user: { id: string; email: string; name?: string | null; actor: Actor }, { plan = "free", ...overrides }: Overrides = {}) {
  current = {
    id: user.id,
    email: user.email,
    name: user.name ?? null,
    subscription: { plan },
    organization: { name: "Acme", slug: "acme" },
    actor: user.actor,
    ...overrides,
  };
  return current;
}

/** `signIn`, in the organization the actor (`user.actor` unless given) acts for, named as the database has it. */
export async function signInTo(user: { id: string; email: string; name?: string | null; actor: Actor }, overrides: Overrides = {}) {
  const { organizationId } = overrides.actor ?? user.actor;
  const organization = await getDb().organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true, slug: true } });
  return signIn(user, { organization, ...overrides });
}

/** Nobody signed in: a signed-out visitor, or a user whose account was deleted with its sessions. */
export function signOut() {
  current = null;
}

/** lib/auth/session, answering with the user signed in last. */
export const stubbedSession = {
  getCurrentUser: async () => current,
  /** As the real one: nobody signed in is sent to sign in. */
  requireUser: async () => current ?? (await import("next/navigation")).redirect("/sign-in"),
};

/** The request a real session is read from: its cookies, and its path as proxy.ts passes it (x-pathname). */
export const sessionRequest = { cookies: new Map<string, string>(), pathname: "/dashboard" };

/** next/headers, answering from `sessionRequest`. */
export const requestHeaders = {
  headers: async () => new Headers({ "x-pathname": sessionRequest.pathname, host: "app.example.com" }),
  cookies: async () => ({
    getAll: () => [...sessionRequest.cookies].map(([name, value]) => ({ name, value })),
    get: (name: string) => (sessionRequest.cookies.has(name) ? { name, value: sessionRequest.cookies.get(name) } : undefined),
    delete: (name: string) => sessionRequest.cookies.delete(name),
  }),
};

/** next-auth, its getServerSession reading `sessionRequest`: next-auth reads next/headers with require(), which a mock does not reach. */
export async function nextAuthOnRequest(importOriginal: <T>() => Promise<T>) {
  const original = await importOriginal<typeof import("next-auth")>();
  return {
    ...original,
    getServerSession: async (options: NextAuthOptions) => {
      const cookies = Object.fromEntries(sessionRequest.cookies);
      const headers = Object.fromEntries(await requestHeaders.headers());
      return original.getServerSession({ headers, cookies } as never, { getHeader() {}, setCookie() {}, setHeader() {} } as never, options);
    },
  };
}
