// getServerSession is next-auth's own, run against this app's options and database; only the
// request (next/headers: its path, as proxy.ts passes it, and its cookies) and the render context
// (next/server, next/navigation, next/cache) are stood in for.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { isDatabaseBusy } from "@/lib/database-errors";
import { getDb } from "@/lib/db";
import { itOnPgPath } from "@/test/support/database-path";
import { sessionRequest } from "@/test/support/signed-in";

vi.mock("next/server", () => ({ connection: async () => {} }));
vi.mock("next/headers", () => import("@/test/support/signed-in").then((module) => module.requestHeaders));
vi.mock("next-auth", (importOriginal) => import("@/test/support/signed-in").then((module) => module.nextAuthOnRequest(importOriginal)));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { status: 404 });
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { getCurrentUser, requireOrganization, requireUser } = await import("@/lib/auth/session");
const { createAuthAdapter } = await import("@/lib/auth/adapter");
const { createPostAction } = await import("@/app/(dashboard)/dashboard/[org]/posts/actions");

const db = getDb();
afterAll(() => db.$disconnect());
beforeEach(() => {
  sessionRequest.cookies.clear();
  sessionRequest.pathname = "/dashboard/settings";
});

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
    sessionRequest.cookies.set("next-auth.session-token", sessionToken);
    const current = await getCurrentUser();
    const organization = await db.organization.findUniqueOrThrow({ where: { personalOwnerId: user.id }, select: { name: true, slug: true } });
    expect(current).toMatchObject({ id: user.id, email: "current@example.com", name: "Grace", organization, subscription: { plan: "free" } });
  });

  it("is null without a session cookie, with an unknown token, and with an expired session", async () => {
    expect(await getCurrentUser()).toBeNull();
    sessionRequest.cookies.set("next-auth.session-token", "not-a-session");
    expect(await getCurrentUser()).toBeNull();
    const { sessionToken } = await signedInUser("expired@example.com", -1000);
    sessionRequest.cookies.set("next-auth.session-token", sessionToken);
    expect(await getCurrentUser()).toBeNull();
  });

  itOnPgPath("the lock is taken on the database the app's pool reaches")(
    "fails, rather than answering signed out, when the session cannot be looked up (the database busy or away)",
    async () => {
      const { sessionToken } = await signedInUser("unreachable@example.com");
      sessionRequest.cookies.set("next-auth.session-token", sessionToken);
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
    sessionRequest.cookies.set("next-auth.session-token", sessionToken);
    expect((await requireUser()).email).toBe("required@example.com");
  });

  it("redirects a signed-out visitor to sign-in, coming back to the page they asked for", async () => {
    await expect(requireUser()).rejects.toMatchObject({ url: "/sign-in?callbackUrl=%2Fdashboard%2Fsettings" });
  });
});

/** A team organization with `members` (user id → role). */
async function team(members: Record<string, "owner" | "admin" | "member">) {
  const slug = `team-${Math.random().toString(36).slice(2, 10)}`;
  return db.organization.create({
    data: { name: `Team ${slug}`, slug, memberships: { create: Object.entries(members).map(([userId, role]) => ({ userId, role })) } },
    select: { id: true, slug: true },
  });
}

/** Signed in as a new user, on `pathname`. */
async function signIn(email: string, pathname: string) {
  const { user, sessionToken } = await signedInUser(email);
  sessionRequest.cookies.set("next-auth.session-token", sessionToken);
  sessionRequest.pathname = pathname;
  const personal = await db.organization.findUniqueOrThrow({ where: { personalOwnerId: user.id }, select: { id: true, slug: true } });
  return { user, personal };
}

const notFound = { message: "NEXT_NOT_FOUND" };

describe("the organization a request acts for", () => {
  it("is the one its page's slug names, with the user's role there", async () => {
    const { user } = await signIn(`by-slug-${Math.random()}@example.com`, "/");
    const acme = await team({ [user.id]: "member" });
    sessionRequest.pathname = `/dashboard/${acme.slug}/posts?page=2`;
    expect(await requireUser()).toMatchObject({
      organization: { id: acme.id, slug: acme.slug, personal: false },
      actor: { organizationId: acme.id, role: "member" },
    });
  });

  it("is the personal one on the account's pages, and outside the dashboard", async () => {
    const { user, personal } = await signIn(`personal-${Math.random()}@example.com`, "/dashboard/account");
    await team({ [user.id]: "owner" });
    expect((await requireUser()).actor).toEqual({ userId: user.id, organizationId: personal.id, role: "owner" });
    sessionRequest.pathname = "/api/v1/me";
    expect((await requireUser()).organization).toMatchObject({ id: personal.id, personal: true });
  });

  it("is a 404 for an organization the user is not a member of, exactly as for a slug nobody has", async () => {
    const { user: outsider } = await signIn(`outsider-${Math.random()}@example.com`, "/");
    const { user: owner } = await signedInUser(`owner-${Math.random()}@example.com`);
    const theirs = await team({ [owner.id]: "owner" });
    sessionRequest.pathname = `/dashboard/${theirs.slug}`;
    await expect(getCurrentUser()).rejects.toMatchObject(notFound);
    sessionRequest.pathname = "/dashboard/nobody-has-this-slug/posts";
    await expect(getCurrentUser()).rejects.toMatchObject(notFound);
    expect(outsider.id).toBeTruthy();
  });

  it("is found by a slug the organization had before a rename", async () => {
    const { user } = await signIn(`renamed-${Math.random()}@example.com`, "/");
    const acme = await team({ [user.id]: "admin" });
    await db.organizationPreviousSlug.create({ data: { slug: `old-${acme.slug}`, organizationId: acme.id } });
    sessionRequest.pathname = `/dashboard/old-${acme.slug}/settings`;
    expect((await requireUser()).actor).toMatchObject({ organizationId: acme.id, role: "admin" });
  });
});

describe("requireOrganization (an organization's layout)", () => {
  it("is the user acting for the organization of the route's slug", async () => {
    const { user } = await signIn(`layout-${Math.random()}@example.com`, "/");
    const acme = await team({ [user.id]: "owner" });
    sessionRequest.pathname = `/dashboard/${acme.slug}/api-keys`;
    expect((await requireOrganization(acme.slug)).actor.organizationId).toBe(acme.id);
  });

  it("sends an old link to the same page, query included, of the organization used last", async () => {
    const { user } = await signIn(`old-link-${Math.random()}@example.com`, "/dashboard/posts/abc?deleted=1");
    const acme = await team({ [user.id]: "member" });
    sessionRequest.cookies.set("last-organization", acme.slug);
    await expect(requireOrganization("posts")).rejects.toMatchObject({ url: `/dashboard/${acme.slug}/posts/abc?deleted=1` });
  });

  it("sends an old link to the personal organization when the last used one is not the user's (or was never set)", async () => {
    const { user: owner } = await signedInUser(`other-owner-${Math.random()}@example.com`);
    const theirs = await team({ [owner.id]: "owner" });
    const { personal } = await signIn(`no-last-${Math.random()}@example.com`, "/dashboard/billing?upgrade=pro");
    await expect(requireOrganization("billing")).rejects.toMatchObject({ url: `/dashboard/${personal.slug}/billing?upgrade=pro` });
    sessionRequest.cookies.set("last-organization", theirs.slug);
    await expect(requireOrganization("billing")).rejects.toMatchObject({ url: `/dashboard/${personal.slug}/billing?upgrade=pro` });
  });

  it("redirects a slug the organization had before a rename to its current one", async () => {
    const { user } = await signIn(`old-slug-${Math.random()}@example.com`, "/");
    const acme = await team({ [user.id]: "member" });
    await db.organizationPreviousSlug.create({ data: { slug: `was-${acme.slug}`, organizationId: acme.id } });
    sessionRequest.pathname = `/dashboard/was-${acme.slug}/posts?x=1`;
    await expect(requireOrganization(`was-${acme.slug}`)).rejects.toMatchObject({ url: `/dashboard/${acme.slug}/posts?x=1` });
  });

  it("is a 404 for a reserved word that was never a dashboard section", async () => {
    await signIn(`reserved-${Math.random()}@example.com`, "/dashboard/admin/posts");
    await expect(requireOrganization("admin")).rejects.toMatchObject(notFound);
  });
});

describe("a dashboard action", () => {
  const postForm = (title: string) => {
    const form = new FormData();
    form.set("title", title);
    return form;
  };

  it("acts for the organization of the page it was posted from", async () => {
    const { user, personal } = await signIn(`poster-${Math.random()}@example.com`, "/");
    const acme = await team({ [user.id]: "member" });
    sessionRequest.pathname = `/dashboard/${acme.slug}/posts`;
    expect(await createPostAction(undefined, postForm("For Acme"))).toMatchObject({ status: "ok" });
    sessionRequest.pathname = `/dashboard/${personal.slug}/posts`;
    expect(await createPostAction(undefined, postForm("Mine"))).toMatchObject({ status: "ok" });
    expect(await db.post.findMany({ where: { authorId: user.id }, select: { title: true, organizationId: true }, orderBy: { title: "asc" } })).toEqual([
      { title: "For Acme", organizationId: acme.id },
      { title: "Mine", organizationId: personal.id },
    ]);
  });

  it("is refused when posted from the page of an organization the user is not a member of, and writes nothing", async () => {
    const { user: owner } = await signedInUser(`b-owner-${Math.random()}@example.com`);
    const organizationB = await team({ [owner.id]: "owner" });
    const { user } = await signIn(`a-member-${Math.random()}@example.com`, "/");
    await team({ [user.id]: "owner" });
    sessionRequest.pathname = `/dashboard/${organizationB.slug}/posts`;
    await expect(createPostAction(undefined, postForm("Intrusion"))).rejects.toMatchObject(notFound);
    expect(await db.post.count({ where: { OR: [{ authorId: user.id }, { organizationId: organizationB.id }] } })).toBe(0);
  });
});
