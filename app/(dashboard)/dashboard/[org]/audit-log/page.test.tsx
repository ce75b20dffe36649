// The audit log page, rendered by the real page on this file's own database: the organization's
// events as sentences, newest first, in pages of 50 linked by cursor; refused to a member.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";
import { signIn } from "@/test/support/signed-in";
import { joinOrganization, newUser } from "@/test/support/users";

vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));

const db = getDb();
afterAll(() => db.$disconnect());

const email = (name: string) => `audit-page-${name}-${Math.random()}@example.com`;

async function render(actor: Actor, searchParams: Record<string, string> = {}) {
  signIn({ id: actor.userId, email: "", actor }); // the page reads who acts, and where: not their email
  const { default: AuditLogPage } = await import("./page");
  return renderToStaticMarkup(await AuditLogPage({ searchParams: Promise.resolve(searchParams) }));
}

/** The text of each event row, tags stripped. */
const rows = (html: string) => [...html.matchAll(/<li data-testid="audit-event"[^>]*>(.*?)<\/li>/g)].map(([, row]) => row!.replace(/<[^>]+>/g, ""));
const olderLink = (html: string) => /href="\/dashboard\/acme\/audit-log\?cursor=([^"]+)"/.exec(html)?.[1];

describe("/dashboard/<slug>/audit-log", () => {
  it("says who did what and how long ago, newest first", async () => {
    const owner = await newUser(email("owner"), { plan: "pro" }, "Ada");
    await createApiKey(owner.actor, { name: "ci", expiresInDays: "never" });
    await createApiKey(owner.actor, { name: "deploy", expiresInDays: "never" });
    expect(rows(await render(owner.actor))).toEqual(["Ada created API key “deploy”just now", "Ada created API key “ci”just now"]);
  });

  it("shows an admin the log too, in pages of 50 linked from newest to oldest", async () => {
    const owner = await newUser(email("pages"));
    const admin = await joinOrganization((await newUser(email("admin"))).id, owner.organizationId, "admin");
    const createdAt = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, i));
    await db.auditEvent.createMany({
      data: Array.from({ length: 51 }, (_, i) => ({
        organizationId: owner.organizationId,
        actorName: "Ada",
        action: "api_key.created",
        target: `key ${i}`,
        details: { keyId: `k${i}`, name: `key ${i}` },
        createdAt: createdAt(i),
      })),
    });
    const first = await render(admin);
    expect(rows(first)).toHaveLength(50);
    expect(rows(first)[0]).toMatch(/^Ada created API key “key 50”/);
    expect(first).not.toContain(">Newest events<");

    const second = await render(admin, { cursor: olderLink(first)! });
    expect(rows(second)).toEqual([expect.stringMatching(/^Ada created API key “key 0”/)]);
    expect(second).toContain(">Newest events<");
    expect(olderLink(second)).toBeUndefined();
  });

  it("refuses a member, saying who can see it, and shows none of the events", async () => {
    const owner = await newUser(email("owner"));
    await createApiKey(owner.actor, { name: "secret-name", expiresInDays: "never" });
    const member = await joinOrganization((await newUser(email("member"))).id, owner.organizationId, "member");
    const html = await render(member);
    expect(html).toContain("Only an organization&#x27;s owner or admin can see its audit log; your role is member.");
    expect(html).not.toContain("secret-name");
    expect(rows(html)).toEqual([]);
  });

  it("answers a forged cursor with a notice and a way back, not an error", async () => {
    const owner = await newUser(email("forged"));
    const html = await render(owner.actor, { cursor: "forged" });
    expect(html).toContain("This page of the audit log does not exist");
    expect(html).toContain('href="/dashboard/acme/audit-log"');
  });
});
