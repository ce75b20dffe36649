// /api/v1 through its route handlers, on this file's own PostgreSQL database.
import { afterAll, describe, expect, it, vi } from "vitest";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/keys";
import { WINDOW_MS } from "@/lib/rate-limit/rate-limit";
import { API_BODY_LIMIT_BYTES } from "@/lib/security/body-limits";
import { getDb } from "@/lib/db";
import { deleteAccount } from "@/lib/users/profile";
import { maxInFlightPerUser } from "@/lib/rate-limit/per-user";
import { callApi, callJson, userWithKey } from "@/test/support/api";
import { signInTo, signOut } from "@/test/support/signed-in";
import { joinOrganization, newUser } from "@/test/support/users";

// Session authentication: the signed-in user next-auth would resolve from the cookie.
vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));

const db = getDb();
afterAll(() => db.$disconnect());

/** Rate-limit windows are calendar minutes: start a counting test well inside one. */
async function awayFromWindowEdge(needMs = 8000) {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const UNAUTHORIZED = { error: { code: "unauthorized", message: "A valid API key is required: send it as `Authorization: Bearer <key>`." } };

describe("authentication", () => {
  it("answers 401 the same way for a missing, malformed, unknown, revoked or expired key", async () => {
    const revoked = await userWithKey();
    await revokeApiKey(revoked.user.actor, revoked.keyId);
    const expired = await userWithKey();
    await db.apiKey.update({ where: { id: expired.keyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const attempts = [
      {},
      { headers: { authorization: "Bearer" } },
      { headers: { authorization: "Basic dXNlcjpwYXNz" } },
      { key: `acme_sk_${"x".repeat(43)}` },
      { key: revoked.key },
      { key: expired.key },
    ];
    for (const attempt of attempts) {
      const response = await callJson("/api/v1/me", attempt);
      expect(response.status, JSON.stringify(attempt)).toBe(401);
      expect(response.body).toEqual(UNAUTHORIZED);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    }
  });

  it("a revoked key stops working on the very next request", async () => {
    const { user, key, keyId } = await userWithKey();
    expect((await callApi("/api/v1/me", { key })).status).toBe(200);
    await revokeApiKey(user.actor, keyId);
    expect((await callApi("/api/v1/me", { key })).status).toBe(401);
  });

  it("a key that expires stops working on the next request (even when it was cached)", async () => {
    const { user } = await userWithKey("pro");
    const created = await createApiKey(user.actor, { name: "expiring", expiresInDays: "30" });
    expect((await callApi("/api/v1/me", { key: created.key })).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 31 * 24 * 60 * 60 * 1000);
      expect((await callApi("/api/v1/me", { key: created.key })).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps every answer out of shared caches and off the disk: Cache-Control private, no-store", async () => {
    const { key } = await userWithKey();
    for (const [path, call] of [
      ["/api/v1/me", { key }],
      ["/api/v1/posts", { key, method: "POST", body: { title: "x" } }],
      ["/api/v1/posts", { key, method: "POST", body: { title: 42 } }],
      ["/api/v1/me", {}],
    ] as const) {
      expect((await callApi(path, call)).headers.get("cache-control"), `${path} ${JSON.stringify(call)}`).toBe("private, no-store");
    }
  });

  it("a key cached by this instance stops working the moment its account is deleted here", async () => {
    const { user, key } = await userWithKey();
    expect((await callApi("/api/v1/me", { key })).status).toBe(200);
    await deleteAccount(user.id);
    expect(await callJson("/api/v1/me", { key })).toMatchObject({ status: 401, body: UNAUTHORIZED });
  });

  it("a write with a key whose account was deleted elsewhere (still cached here) answers 401, never 500, and the key is forgotten", async () => {
    const { user, key } = await userWithKey();
    expect((await callApi("/api/v1/me", { key })).status).toBe(200);
    await db.user.delete({ where: { id: user.id } }); // another instance deleted the account: this one's cache still holds the key
    expect(await callJson("/api/v1/posts", { method: "POST", key, body: { title: "after deletion" } })).toMatchObject({ status: 401, body: UNAUTHORIZED });
    expect(await callJson("/api/v1/me", { key })).toMatchObject({ status: 401, body: UNAUTHORIZED });
  });

  it("accepts the signed-in session, for reads and for same-origin writes only", async () => {
    const { user } = await userWithKey("pro");
    const { organization } = await signInTo(user, { plan: "pro" });
    try {
      const me = (await callJson("/api/v1/me")).body;
      expect(me).toMatchObject({ id: user.id, plan: "pro", organization: { id: user.organizationId, ...organization }, role: "owner" });
      const crossSite = await callJson("/api/v1/posts", { method: "POST", body: { title: "x" }, headers: { origin: "https://evil.example.com" } });
      expect(crossSite.status).toBe(403);
      expect(crossSite.body.error.code).toBe("forbidden");
      const sameSite = await callJson("/api/v1/posts", { method: "POST", body: { title: "from the dashboard" }, headers: { "sec-fetch-site": "same-origin" } });
      expect(sameSite.status).toBe(201);
    } finally {
      signOut();
    }
  });
});

describe("GET /api/v1/me", () => {
  it("returns the user, plan and limits, the organization the key acts for and the role it acts with", async () => {
    const { user, key } = await userWithKey("free");
    const organization = await db.organization.findUniqueOrThrow({ where: { id: user.organizationId }, select: { id: true, name: true, slug: true } });
    const response = await callJson("/api/v1/me", { key });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: user.id,
      email: user.email,
      plan: "free",
      limits: { apiRequestsPerMinute: 60, apiKeys: 1, posts: 10, members: 3 },
      organization,
      role: "owner",
    });
    expect(response.headers.get("ratelimit-limit")).toBe("60");
    expect(Number(response.headers.get("ratelimit-remaining"))).toBeLessThan(60);
  });

  it("a key created in organization A reports A and its creator's role there, not the creator's personal organization", async () => {
    const owner = await newUser(`me-owner-${Date.now()}@example.com`);
    const creator = await newUser(`me-admin-${Date.now()}@example.com`);
    const teamA = await db.organization.create({
      data: { name: "Team A", slug: `team-a-${Date.now()}`, memberships: { create: { userId: owner.id, role: "owner" } } },
      select: { id: true, name: true, slug: true },
    });
    const { key } = await createApiKey(await joinOrganization(creator.id, teamA.id, "admin"), { name: "team A's", expiresInDays: "never" });
    const { body } = await callJson("/api/v1/me", { key });
    expect(body).toMatchObject({ id: creator.id, email: creator.email, organization: teamA, role: "admin" });
  });
});

describe("posts", () => {
  it("create, read, update, delete", async () => {
    const { key } = await userWithKey();
    const created = await callJson("/api/v1/posts", { key, method: "POST", body: { title: "  Hello  ", content: "World" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "Hello", content: "World", published: false });
    expect(created.headers.get("location")).toBe(`/api/v1/posts/${created.body.id}`);

    const path = `/api/v1/posts/${created.body.id}`;
    expect((await callJson(path, { key })).body).toEqual(created.body);
    const patched = await callJson(path, { key, method: "PATCH", body: { published: true, content: null } });
    expect(patched.body).toMatchObject({ title: "Hello", content: null, published: true });
    expect((await callApi(path, { key, method: "DELETE" })).status).toBe(204);
    expect((await callJson(path, { key })).status).toBe(404);
  });

  it("pages through a user's posts with a cursor, newest first, each post once", async () => {
    const { user, key } = await userWithKey("pro");
    const base = Date.now();
    await db.post.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        authorId: user.id,
        organizationId: user.organizationId,
        title: `post ${i}`,
        createdAt: new Date(base - (i % 5) * 1000),
      })),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await callJson(`/api/v1/posts?limit=10${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((post: { id: string }) => post.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    const all = await db.post.findMany({ where: { authorId: user.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(all.map((post) => post.id));
  });

  it("filters by published", async () => {
    const { key } = await userWithKey();
    await callApi("/api/v1/posts", { key, method: "POST", body: { title: "draft" } });
    await callApi("/api/v1/posts", { key, method: "POST", body: { title: "live", published: true } });
    const published = await callJson("/api/v1/posts?published=true", { key });
    expect(published.body.data.map((post: { title: string }) => post.title)).toEqual(["live"]);
  });

  it("keeps every user to their own posts on every route (404 for others')", async () => {
    const alice = await userWithKey();
    const bob = await userWithKey();
    const alicePost = (await callJson("/api/v1/posts", { key: alice.key, method: "POST", body: { title: "Alice's" } })).body;
    const path = `/api/v1/posts/${alicePost.id}`;

    expect((await callJson("/api/v1/posts", { key: bob.key })).body.data).toEqual([]);
    expect((await callJson(path, { key: bob.key })).status).toBe(404);
    expect((await callJson(path, { key: bob.key, method: "PATCH", body: { title: "mine now" } })).status).toBe(404);
    expect((await callJson(path, { key: bob.key, method: "DELETE" })).status).toBe(404);
    expect(await db.post.findUniqueOrThrow({ where: { id: alicePost.id } })).toMatchObject({ title: "Alice's" });
    expect((await callJson(path, { key: alice.key })).status).toBe(200);
  });

  it("keeps to the plan's number of posts", async () => {
    const { user, key } = await userWithKey("free");
    await db.post.createMany({ data: Array.from({ length: 10 }, (_, i) => ({ authorId: user.id, organizationId: user.organizationId, title: `p${i}` })) });
    const response = await callJson("/api/v1/posts", { key, method: "POST", body: { title: "one too many" } });
    expect(response).toMatchObject({ status: 403, body: { error: { code: "plan_limit_reached" } } });
  });
});

describe("errors", () => {
  it.each([
    ["malformed JSON", { method: "POST", rawBody: "{ not json", headers: { "content-type": "application/json" } }, 400, "invalid_json"],
    ["a form body", { method: "POST", rawBody: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, "unsupported_media_type"],
    ["no content type", { method: "POST", rawBody: '{"title":"x"}' }, 415, "unsupported_media_type"],
    ["a wrong type", { method: "POST", body: { title: 42 } }, 422, "validation_failed"],
    ["an unknown field", { method: "POST", body: { title: "x", authorId: "someone-else" } }, 422, "validation_failed"],
    ["an array body", { method: "POST", body: [{ title: "x" }] }, 422, "validation_failed"],
    ["a NUL character (PostgreSQL text cannot store it)", { method: "POST", body: { title: "a\u0000b" } }, 422, "validation_failed"],
    ["a title too long", { method: "POST", body: { title: "x".repeat(201) } }, 422, "validation_failed"],
    [
      "a body over the size limit",
      { method: "POST", rawBody: JSON.stringify({ title: "x", content: "y".repeat(API_BODY_LIMIT_BYTES) }), headers: { "content-type": "application/json" } },
      413,
      "payload_too_large",
    ],
    ["an unsupported method", { method: "PUT", body: { title: "x" } }, 405, "method_not_allowed"],
  ])("%s → %i %s", async (_, call, status, code) => {
    const { key } = await userWithKey();
    const response = await callJson("/api/v1/posts", { key, ...call });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe("string");
  });

  it("explains validation errors field by field", async () => {
    const { key } = await userWithKey();
    const response = await callJson("/api/v1/posts", { key, method: "POST", body: { title: "", published: "yes" } });
    expect(response.body.error.details).toEqual(
      expect.arrayContaining([
        { path: "title", message: "The title cannot be empty." },
        { path: "published", message: expect.stringContaining("boolean") },
      ]),
    );
  });

  it("rejects an empty PATCH, a bad query and a bad cursor", async () => {
    const { key } = await userWithKey();
    const post = (await callJson("/api/v1/posts", { key, method: "POST", body: { title: "x" } })).body;
    expect((await callJson(`/api/v1/posts/${post.id}`, { key, method: "PATCH", body: {} })).body.error.code).toBe("validation_failed");
    expect((await callJson("/api/v1/posts?limit=1000", { key })).status).toBe(400);
    expect((await callJson("/api/v1/posts?limit=abc", { key })).status).toBe(400);
    expect((await callJson("/api/v1/posts?sort=asc", { key })).status).toBe(400);
    const badCursor = await callJson("/api/v1/posts?cursor=bm90LWEtY3Vyc29y", { key });
    expect(badCursor).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
  });

  it("answers unknown API routes in the error shape", async () => {
    const { key } = await userWithKey();
    expect(await callJson("/api/v1/nothing/here", { key })).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  });

  it("answers 429 with Retry-After once the plan's per-minute limit is used up", async () => {
    const { key } = await userWithKey("free");
    await awayFromWindowEdge();
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await callApi("/api/v1/me", { key })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    const limited = await callJson("/api/v1/me", { key });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("keeps the limit exact under concurrent requests: N at a limit of L, exactly L succeed", async () => {
    const { key } = await userWithKey("free");
    await awayFromWindowEdge();
    const statuses: number[] = [];
    // As many at once as a user may have in flight, again and again.
    for (let sent = 0; sent < 90; sent += maxInFlightPerUser()) {
      const wave = Array.from({ length: Math.min(maxInFlightPerUser(), 90 - sent) }, () => callApi("/api/v1/me", { key }).then((r) => r.status));
      statuses.push(...(await Promise.all(wave)));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
  });
});

describe("limits per user", () => {
  it("counts the plan's requests per minute per organization, across every key (revoked ones too) and the session", async () => {
    const { user, key: first, keyId } = await userWithKey("free");
    await awayFromWindowEdge(15_000);
    for (let i = 0; i < 30; i++) expect((await callApi("/api/v1/me", { key: first })).status).toBe(200);
    await revokeApiKey(user.actor, keyId);
    const second = await createApiKey(user.actor, { name: "second", expiresInDays: "never" });
    for (let i = 0; i < 20; i++) expect((await callApi("/api/v1/me", { key: second.key })).status).toBe(200);
    await signInTo(user);
    try {
      for (let i = 0; i < 10; i++) expect((await callApi("/api/v1/me")).status).toBe(200);
      expect((await callJson("/api/v1/me")).body.error.code).toBe("rate_limited");
    } finally {
      signOut();
    }
    const byKey = await callJson("/api/v1/me", { key: second.key });
    expect(byKey).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(byKey.headers.get("ratelimit-limit")).toBe("60");
  });

  it("answers a user's requests beyond their in-flight share 429 with Retry-After at once, without slowing anyone else", async () => {
    const burst = await userWithKey("pro");
    const other = await userWithKey("pro");
    const [burstAnswers, otherAnswers] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, () => callJson("/api/v1/posts", { key: burst.key, method: "POST", body: { title: "burst" } }))),
      Promise.all(Array.from({ length: maxInFlightPerUser() }, () => callJson("/api/v1/posts", { key: other.key, method: "POST", body: { title: "other" } }))),
    ]);
    const refused = burstAnswers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error).toEqual({ code: "rate_limited", message: expect.stringContaining(`at most ${maxInFlightPerUser()} at a time`) });
    expect(refused[0]!.headers.get("retry-after")).toBe("1");
    expect(burstAnswers.every((answer) => answer.status === 201 || answer.status === 429)).toBe(true);
    expect(otherAnswers.map((answer) => answer.status)).toEqual(Array(maxInFlightPerUser()).fill(201));
  });
});

describe("keys after a downgrade", () => {
  it("keeps the oldest keys up to the new plan's limit working and refuses the newer ones with a 403 that says why", async () => {
    const { user, key: oldest } = await userWithKey("pro");
    const newer = [];
    for (const name of ["second", "third"]) {
      const created = await createApiKey(user.actor, { name, expiresInDays: "never" });
      newer.push(created.key);
    }
    await db.subscription.update({ where: { organizationId: user.organizationId }, data: { plan: "free" } });

    expect((await callJson("/api/v1/me", { key: oldest })).body).toMatchObject({ id: user.id, plan: "free" });
    for (const key of newer) {
      const refused = await callJson("/api/v1/posts", { key, method: "POST", body: { title: "still here?" } });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: {
          code: "plan_limit_reached",
          message: "Your Free plan allows 1 active API key: only your oldest one works. Revoke keys you no longer use, or upgrade, to use this one.",
        },
      });
    }
    expect(await db.post.count({ where: { authorId: user.id } })).toBe(0);
    const statuses = (await listApiKeys(user.organizationId)).map((key) => [key.name, key.status]);
    expect(statuses).toEqual([
      ["third", "paused"],
      ["second", "paused"],
      ["test", "active"],
    ]);
  });

  it("lets the next oldest key work once the user revokes one", async () => {
    const { user, keyId } = await userWithKey("pro");
    const second = await createApiKey(user.actor, { name: "second", expiresInDays: "never" });
    await db.subscription.update({ where: { organizationId: user.organizationId }, data: { plan: "free" } });
    expect((await callApi("/api/v1/me", { key: second.key })).status).toBe(403);
    await revokeApiKey(user.actor, keyId);
    expect((await callApi("/api/v1/me", { key: second.key })).status).toBe(200);
  });
});
