// The dashboard's one action wrapper, on this file's own PostgreSQL database: the signed-in user,
// zod input, the organization's limits the API counts too, what the role allows, one result type,
// errors mapped in one place.
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { consumeRequest, maxInFlightPerUser } from "@/lib/rate-limit/per-user";
import { WINDOW_MS } from "@/lib/rate-limit/rate-limit";
import { userAction } from "@/lib/user-action";
import { signIn, signOut, type SignedInUser } from "@/test/support/signed-in";
import { joinOrganization, newUser } from "@/test/support/users";

/** The session's lookup itself, when a test makes it meet the database (default: the signed-in user's). */
const session = vi.hoisted(() => ({ lookup: undefined as undefined | (() => Promise<unknown>) }));
// Like the real one: no session (signed out, or the account deleted with its sessions), a redirect to sign-in.
vi.mock("@/lib/auth/session", async () => {
  const { stubbedSession } = await import("@/test/support/signed-in");
  return { requireUser: async () => (await session.lookup?.()) ?? stubbedSession.requireUser() };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const db = getDb();
afterAll(() => db.$disconnect());

/** Who each test runs as: a new user, their personal organization's owner. */
let me: SignedInUser;
beforeEach(async () => {
  session.lookup = undefined;
  me = signIn(await newUser(`action-${Math.random()}@example.com`));
  // The per-minute count lives in calendar minutes: start well inside one.
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < 5000) await new Promise((resolve) => setTimeout(resolve, left + 50));
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const rename = userAction({ schema: z.object({ name: z.string().trim().min(1, "Enter a name.") }) }, async ({ name }) => ({ name }));

describe("userAction", () => {
  it("hands the parsed input and the user to the action, and answers ok with its data", async () => {
    const seen = vi.fn(async (input: { name: string }, user: { id: string }) => `${input.name} for ${user.id}`);
    const action = userAction({ schema: z.object({ name: z.string().trim() }) }, seen);
    expect(await action({ status: "idle" }, form({ name: "  Ada  " }))).toEqual({ status: "ok", data: `Ada for ${me.id}` });
  });

  it("answers invalid input field by field, keeps what was typed, and never runs the action", async () => {
    const run = vi.fn();
    const action = userAction({ schema: z.object({ name: z.string().trim().min(1, "Enter a name.") }) }, run);
    expect(await action(undefined, form({ name: "  " }))).toEqual({ status: "invalid", fieldErrors: { name: ["Enter a name."] }, values: { name: "  " } });
    expect(run).not.toHaveBeenCalled();
  });

  it("sends a user whose account was deleted during the action to sign in, never to the error page", async () => {
    const action = userAction({ schema: z.object({}) }, async (_, user) => {
      await db.user.delete({ where: { id: user.id } }); // in another tab, or on another instance
      signOut(); // their sessions went with them
      await db.post.create({ data: { authorId: user.id, organizationId: user.actor.organizationId, title: "written for a user who is gone" } });
    });
    await expect(action(undefined, {})).rejects.toMatchObject({ digest: expect.stringContaining(";/sign-in;") });
  });

  it("counts against the same per-minute limit as the organization's API requests", async () => {
    for (let i = 0; i < 59; i++) await consumeRequest(me.actor, 60); // as 59 API requests would
    expect((await rename(undefined, form({ name: "last one" }))).status).toBe("ok");
    const refused = await rename(undefined, form({ name: "one too many" }));
    expect(refused).toEqual({
      status: "failed",
      error: expect.stringMatching(/^You are going too fast\. Try again in \d+ seconds?\.$/),
      values: { name: "one too many" },
    });
    expect((await consumeRequest(me.actor, 60)).allowed).toBe(false); // and the API sees the action's
  });

  it("shares the per-minute limit among the organization's members, and not with their other organizations", async () => {
    const colleague = await joinOrganization((await newUser(`colleague-${Math.random()}@example.com`)).id, me.actor.organizationId, "member");
    for (let i = 0; i < 60; i++) await consumeRequest(colleague, 60);
    expect((await rename(undefined, form({ name: "after my colleague" }))).status).toBe("failed");
    const elsewhere = await newUser(`elsewhere-${Math.random()}@example.com`);
    expect((await consumeRequest({ userId: me.id, organizationId: elsewhere.organizationId }, 60)).allowed).toBe(true);
  });

  it("runs the action only when the user's role allows its permission, and otherwise says who may", async () => {
    const run = vi.fn(async () => "done");
    const manageKeys = userAction({ schema: z.object({}), permission: "apiKeys.manage" }, run);
    expect(await manageKeys(undefined, {})).toEqual({ status: "ok", data: "done" }); // the owner
    const owner = await newUser(`team-${Math.random()}@example.com`);
    signIn(me, { actor: await joinOrganization(me.id, owner.organizationId, "member") });
    expect(await manageKeys(undefined, {})).toEqual({ status: "failed", error: "Only an organization's owner or admin can do this; your role is member." });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("runs at most the user's in-flight share at once; the rest are told to retry at once", async () => {
    let running = 0;
    let most = 0;
    const slow = userAction({ schema: z.object({}) }, async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
    });
    const results = await Promise.all(Array.from({ length: maxInFlightPerUser() + 3 }, () => slow(undefined, {})));
    expect(most).toBe(maxInFlightPerUser());
    expect(results.filter((result) => result.status === "ok")).toHaveLength(maxInFlightPerUser());
    expect(results.filter((result) => result.status === "failed").map((result) => result.error)).toEqual(
      Array(3).fill("You are going too fast. Try again in a moment."),
    );
  });

  it("turns a user-facing refusal into its message, and a busy database into a please-retry", async () => {
    const refusing = userAction({ schema: z.object({}) }, async () => {
      throw new UserFacingError("Your plan allows 10 posts.");
    });
    expect(await refusing(undefined, form({}))).toEqual({ status: "failed", error: "Your plan allows 10 posts.", values: {} });
    const busy = userAction({ schema: z.object({}) }, async () => {
      await db.$transaction([db.$executeRawUnsafe("SET LOCAL statement_timeout = 10"), db.$executeRawUnsafe("SELECT pg_sleep(1)")]);
    });
    expect(await busy(undefined, {})).toEqual({ status: "failed", error: "We are very busy right now. Please try again in a moment." });
  });

  it("answers a please-retry, keeping what was typed, when the session cannot be looked up because the database is busy, and runs nothing", async () => {
    // The lookup meets a real busy database: its statement cancelled by statement_timeout.
    session.lookup = () => db.$transaction([db.$executeRawUnsafe("SET LOCAL statement_timeout = 10"), db.$executeRawUnsafe("SELECT pg_sleep(1)")]);
    const run = vi.fn();
    const action = userAction({ schema: z.object({ name: z.string() }) }, run);
    expect(await action(undefined, form({ name: "Ada" }))).toEqual({
      status: "failed",
      error: "We are very busy right now. Please try again in a moment.",
      values: { name: "Ada" },
    });
    expect(run).not.toHaveBeenCalled();
    // Anything else from the lookup is still a bug, for the error boundary.
    session.lookup = async () => {
      throw new TypeError("undefined is not a function");
    };
    await expect(action(undefined, form({ name: "Ada" }))).rejects.toThrow(TypeError);
  });

  it("lets anything else through: a bug to the error boundary, a redirect() to Next.js", async () => {
    const buggy = userAction({ schema: z.object({}) }, async () => {
      throw new TypeError("undefined is not a function");
    });
    await expect(buggy(undefined, {})).rejects.toThrow(TypeError);
    const redirecting = userAction({ schema: z.object({}) }, async () => redirect("/dashboard/posts?deleted=1"));
    await expect(redirecting(undefined, {})).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
  });
});

describe("the dashboard's actions", () => {
  it("refuse a write once the user's API requests used up the minute, and write nothing", async () => {
    const { createPostAction } = await import("@/app/(dashboard)/dashboard/[org]/posts/actions");
    for (let i = 0; i < 60; i++) await consumeRequest(me.actor, 60);
    const refused = await createPostAction(undefined, form({ title: "Over the limit", content: "" }));
    expect(refused).toMatchObject({ status: "failed", error: expect.stringMatching(/^You are going too fast/), values: { title: "Over the limit" } });
    expect(await db.post.count({ where: { authorId: me.id } })).toBe(0);
  });

  it("write within the limits, with the form's fields as the shared schema expects them", async () => {
    const { createPostAction } = await import("@/app/(dashboard)/dashboard/[org]/posts/actions");
    expect(await createPostAction(undefined, form({ title: "  Hello  ", content: "  ", published: "on" }))).toEqual({ status: "ok", data: { title: "Hello" } });
    expect(await db.post.findFirstOrThrow({ where: { authorId: me.id } })).toMatchObject({ title: "Hello", content: null, published: true });
  });

  it("refuse what the plan does not allow the same way in every feature: failed, the plan's words, the fields kept, nothing written", async () => {
    const { createPostAction } = await import("@/app/(dashboard)/dashboard/[org]/posts/actions");
    const { createApiKeyAction } = await import("@/app/(dashboard)/dashboard/[org]/api-keys/actions");
    await db.post.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({ authorId: me.id, organizationId: me.actor.organizationId, title: `Post ${i}` })),
    });
    expect(await createApiKeyAction(undefined, form({ name: "first", expiresInDays: "never" }))).toMatchObject({ status: "ok" });

    expect(await createPostAction(undefined, form({ title: "Eleventh", content: "" }))).toEqual({
      status: "failed",
      error: "Your plan allows 10 posts. Delete some, or upgrade.",
      values: { title: "Eleventh", content: "" },
    });
    expect(await createApiKeyAction(undefined, form({ name: "second", expiresInDays: "30" }))).toEqual({
      status: "failed",
      error: "Your plan allows 1 active API key. Revoke one, or upgrade.",
      values: { name: "second", expiresInDays: "30" },
    });
    expect(await db.post.count({ where: { authorId: me.id } })).toBe(10);
    expect(await db.apiKey.count({ where: { userId: me.id } })).toBe(1);
  });

  it("refuse what the user's role does not allow, and write nothing", async () => {
    const { createApiKeyAction } = await import("@/app/(dashboard)/dashboard/[org]/api-keys/actions");
    const { createPostAction } = await import("@/app/(dashboard)/dashboard/[org]/posts/actions");
    const owner = await newUser(`team-owner-${Math.random()}@example.com`, { plan: "pro" });
    signIn(me, { actor: await joinOrganization(me.id, owner.organizationId, "member") });
    expect(await createApiKeyAction(undefined, form({ name: "mine", expiresInDays: "never" }))).toMatchObject({
      status: "failed",
      error: "Only an organization's owner or admin can do this; your role is member.",
    });
    expect(await db.apiKey.count({ where: { organizationId: owner.organizationId } })).toBe(0);
    // A member may write the organization's posts.
    expect(await createPostAction(undefined, form({ title: "From a member", content: "" }))).toMatchObject({ status: "ok" });
    expect(await db.post.count({ where: { organizationId: owner.organizationId, authorId: me.id } })).toBe(1);
  });
});
