import { afterAll, describe, expect, it } from "vitest";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/keys";
import { describeAuditEvent, listAuditEvents, recordAuditEvent, STRIPE } from "@/lib/audit-log/audit-log";
import { getDb } from "@/lib/db";
import { InvalidCursorError } from "@/lib/pagination";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const email = (name: string) => `audit-${name}-${Math.random()}@example.com`;
const events = async (organizationId: string) => (await listAuditEvents(organizationId, { limit: 100 })).events;

describe("the audit log of API keys", () => {
  it("records who created a key, by their name, and which key", async () => {
    const owner = await newUser(email("creator"), {}, "Ada");
    const { id } = await createApiKey(owner.actor, { name: "ci", expiresInDays: "never" });
    expect(await events(owner.organizationId)).toEqual([
      expect.objectContaining({ actor: "Ada", action: "api_key.created", target: "ci", details: { keyId: id, name: "ci" } }),
    ]);
  });

  it("records a revocation once, by whoever revoked it, and nothing for a key of another organization", async () => {
    const owner = await newUser(email("owner"), { plan: "pro" });
    const admin = await joinOrganization((await newUser(email("admin"), {}, "Grace")).id, owner.organizationId, "admin");
    const { id } = await createApiKey(owner.actor, { name: "deploy", expiresInDays: "never" });
    const stranger = await newUser(email("stranger"));
    expect(await revokeApiKey(stranger.actor, id)).toBe(false);
    expect(await revokeApiKey(admin, id)).toBe(true);
    expect(await revokeApiKey(admin, id)).toBe(false);
    expect((await events(owner.organizationId)).map(({ actor, action, target }) => ({ actor, action, target }))).toEqual([
      { actor: "Grace", action: "api_key.revoked", target: "deploy" },
      { actor: owner.email, action: "api_key.created", target: "deploy" },
    ]);
    expect(await events(stranger.organizationId)).toEqual([]);
  });

  it("records no creation when the plan's limit refuses the key", async () => {
    const owner = await newUser(email("limited"));
    await createApiKey(owner.actor, { name: "the one", expiresInDays: "never" });
    await expect(createApiKey(owner.actor, { name: "one too many", expiresInDays: "never" })).rejects.toThrow("Your plan allows 1 active API key");
    expect((await events(owner.organizationId)).map((event) => event.target)).toEqual(["the one"]);
  });
});

describe("recordAuditEvent", () => {
  it("writes in the transaction of the change: one that rolls back leaves no event", async () => {
    const owner = await newUser(email("rollback"));
    const failed = db.$transaction(async (tx) => {
      await recordAuditEvent(tx, owner.organizationId, owner.actor, { action: "member.invited", details: { email: "new@example.com", role: "member" } });
      throw new Error("the change failed after the event was written");
    });
    await expect(failed).rejects.toThrow("the change failed");
    expect(await events(owner.organizationId)).toEqual([]);
  });

  it("keeps the actor's name and email after their account is deleted", async () => {
    const owner = await newUser(email("owner"));
    const leaver = await newUser(email("leaver"), {}, "Linus");
    await db.$transaction((tx) =>
      recordAuditEvent(tx, owner.organizationId, leaver.actor, { action: "member.joined", details: { email: leaver.email, role: "member" } }),
    );
    await db.user.delete({ where: { id: leaver.id } });
    expect(await events(owner.organizationId)).toEqual([expect.objectContaining({ actor: "Linus", action: "member.joined", target: leaver.email })]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { organizationId: owner.organizationId } })).toMatchObject({
      actorId: leaver.id,
      actorEmail: leaver.email,
      actorName: "Linus",
    });
  });

  it("records an actor whose account is already gone by id, shown as someone", async () => {
    const owner = await newUser(email("owner"));
    const gone = await newUser(email("gone"));
    await db.user.delete({ where: { id: gone.id } });
    await db.$transaction((tx) => recordAuditEvent(tx, owner.organizationId, gone.actor, { action: "api_key.revoked", details: { keyId: "k", name: "ci" } }));
    expect(await events(owner.organizationId)).toEqual([expect.objectContaining({ actor: "Someone", action: "api_key.revoked" })]);
    expect(await db.auditEvent.findFirstOrThrow({ where: { organizationId: owner.organizationId } })).toMatchObject({ actorId: gone.id, actorEmail: null });
  });
});

describe("listAuditEvents", () => {
  it("pages through the organization's events newest first, and only its own", async () => {
    const owner = await newUser(email("pages"));
    const other = await newUser(email("other"));
    const record = (organizationId: string, name: string) =>
      db.$transaction((tx) => recordAuditEvent(tx, organizationId, owner.actor, { action: "api_key.created", details: { keyId: name, name } }));
    for (const name of ["a", "b", "c", "d", "e"]) await record(owner.organizationId, name);
    await record(other.organizationId, "theirs");

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditEvents(owner.organizationId, { limit: 2, cursor });
      seen.push(...page.events.map((event) => event.target));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(["e", "d", "c", "b", "a"]);
    expect(pages).toBe(3);
  });

  it("orders events of the same instant by id, so no page repeats or skips one", async () => {
    const owner = await newUser(email("ties"));
    const createdAt = new Date("2026-12-01T10:00:00Z");
    await db.auditEvent.createMany({
      data: ["e1", "e2", "e3"].map((id) => ({
        id,
        organizationId: owner.organizationId,
        action: "api_key.created",
        target: id,
        details: { keyId: id, name: id },
        createdAt,
      })),
    });
    const first = await listAuditEvents(owner.organizationId, { limit: 2 });
    const second = await listAuditEvents(owner.organizationId, { limit: 2, cursor: first.nextCursor! });
    expect([...first.events, ...second.events].map((event) => event.id)).toEqual(["e3", "e2", "e1"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses a forged cursor", async () => {
    await expect(listAuditEvents("any", { limit: 2, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe("the log is append-only in the database", () => {
  async function anEvent() {
    const owner = await newUser(email("append-only"));
    await db.$transaction((tx) =>
      recordAuditEvent(tx, owner.organizationId, STRIPE, {
        action: "plan.changed",
        details: { from: { plan: "free", status: "active" }, to: { plan: "pro", status: "active" } },
      }),
    );
    return { owner, event: await db.auditEvent.findFirstOrThrow({ where: { organizationId: owner.organizationId } }) };
  }

  it("refuses to change an event", async () => {
    const { event } = await anEvent();
    await expect(db.auditEvent.update({ where: { id: event.id }, data: { actorName: "Someone else" } })).rejects.toThrow(
      "AuditEvent is append-only: UPDATE is not allowed",
    );
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "target" = 'enterprise' WHERE "id" = ${event.id}`).rejects.toThrow("append-only");
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event);
  });

  it("refuses to delete an event, except with its organization (here: its owner's account deleted)", async () => {
    const { owner, event } = await anEvent();
    await expect(db.auditEvent.delete({ where: { id: event.id } })).rejects.toThrow("AuditEvent is append-only: DELETE is not allowed");
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${event.id}`).rejects.toThrow("append-only");
    expect(await db.auditEvent.count({ where: { id: event.id } })).toBe(1);
    await db.user.delete({ where: { id: owner.id } });
    expect(await db.organization.count({ where: { id: owner.organizationId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { id: event.id } })).toBe(0);
  });
});

describe("describeAuditEvent", () => {
  it.each([
    [{ action: "api_key.created", details: { keyId: "k", name: "ci" } }, "created API key “ci”"],
    [{ action: "api_key.revoked", details: { keyId: "k", name: "ci" } }, "revoked API key “ci”"],
    [{ action: "member.invited", details: { email: "bo@example.com", role: "admin" } }, "invited bo@example.com as admin"],
    [{ action: "member.joined", details: { email: "bo@example.com", role: "member" } }, "joined as member"],
    [{ action: "member.removed", details: { email: "bo@example.com", role: "member" } }, "removed bo@example.com (member)"],
    [
      { action: "member.role_changed", details: { email: "bo@example.com", from: "member", to: "admin" } },
      "changed bo@example.com's role from member to admin",
    ],
    [{ action: "ownership.transferred", details: { email: "bo@example.com" } }, "transferred ownership to bo@example.com"],
    [
      { action: "organization.renamed", details: { from: { name: "Acme", slug: "acme" }, to: { name: "Acme Inc", slug: "acme-inc" } } },
      "renamed the organization from “Acme” to “Acme Inc”",
    ],
    [
      { action: "plan.changed", details: { from: { plan: "pro", status: "active" }, to: { plan: "pro", status: "past_due" } } },
      "changed the plan from Pro to Pro (past due)",
    ],
  ] as const)("says what %j did", (event, sentence) => {
    expect(describeAuditEvent(event)).toBe(sentence);
  });
});
