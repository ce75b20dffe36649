// Invitations end to end below the UI: this file's own PostgreSQL database and a real SMTP server
// (the e2e suite's mailbox) receiving the emails, whose links are what is accepted.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startMailbox } from "@/e2e/support/mailbox";
import type { Actor } from "@/lib/organizations/permissions";

const ORIGIN = "https://app.example.com";

let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let db: import("@/lib/db").Db;
let invitations: typeof import("@/lib/organizations/invitations");
let users: typeof import("@/test/support/users");
let audit: typeof import("@/test/support/audit");
let errors: typeof import("@/lib/errors");
let rateLimit: typeof import("@/lib/rate-limit/rate-limit");

beforeAll(async () => {
  mailbox = await startMailbox();
  // Before anything reads the environment (it is read once): the emails go to the mailbox.
  vi.stubEnv("EMAIL_SERVER", mailbox.smtpUrl);
  vi.stubEnv("EMAIL_FROM", "Acme SaaS <team@example.com>");
  db = (await import("@/lib/db")).getDb();
  invitations = await import("@/lib/organizations/invitations");
  users = await import("@/test/support/users");
  audit = await import("@/test/support/audit");
  errors = await import("@/lib/errors");
  rateLimit = await import("@/lib/rate-limit/rate-limit");
});

afterAll(async () => {
  await mailbox.stop();
  await db.$disconnect();
  vi.unstubAllEnvs();
});

let people = 0;
const address = (name: string) => `${name}-${++people}-${Date.now()}@example.com`;

/** A user on `plan`, acting as the owner of their organization, which invites. */
async function teamOwner(plan = "free", name: string | null = "Olivia") {
  const owner = await users.newUser(address("owner"), { plan }, name);
  const organization = await db.organization.findUniqueOrThrow({ where: { id: owner.organizationId } });
  return { ...owner, organization };
}

/** The link of the last invitation emailed to `email`, and its token. */
function lastLink(email: string) {
  const mail = mailbox
    .mails()
    .filter((received) => received.to.includes(email))
    .at(-1);
  if (!mail) throw new Error(`No email to ${email}`);
  const url = /https:\/\/app\.example\.com\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!url) throw new Error(`No invitation link in: ${mail.text}`);
  return { mail, url: url[0], token: url[1]! };
}

const roleIn = async (organizationId: string, userId: string) =>
  (await db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } }))?.role;
const invite = (actor: Actor, email: string, role: Actor["role"] = "member") => invitations.createInvitation(actor, { email, role }, ORIGIN);

describe("inviting someone", () => {
  it("emails them a branded link to /invitations/<token>, in HTML and text, with who invited them to what", async () => {
    const owner = await teamOwner();
    const email = address("invitee");
    await invite(owner.actor, email, "admin");
    const { mail, url } = lastLink(email);
    expect(mail.subject).toBe(`Olivia invited you to ${owner.organization.name} on Acme SaaS`);
    expect(mail.text).toContain(`Olivia invited you to join ${owner.organization.name} on Acme SaaS as an admin.`);
    expect(mail.html).toContain(`href="${url}"`);
  });

  it("stores only the token's SHA-256, and a validity of 7 days", async () => {
    const owner = await teamOwner();
    const email = address("hashed");
    const before = Date.now();
    const { id } = await invite(owner.actor, email);
    const { token } = lastLink(email);
    const row = await db.invitation.findUniqueOrThrow({ where: { id } });
    expect(row.hashedToken).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - before).toBeGreaterThanOrEqual(invitations.INVITATION_TTL_MS);
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(invitations.INVITATION_TTL_MS);
  });

  it("refuses an address that is already a member, however it is typed", async () => {
    const owner = await teamOwner();
    const member = await users.newUser(address("member"));
    await users.joinOrganization(member.id, owner.organization.id, "member");
    const [local, domain] = member.email.split("@");
    await expect(invite(owner.actor, `${local!.toUpperCase()}+work@${domain}`)).rejects.toThrow("is already a member of this organization.");
    expect(await db.invitation.count({ where: { organizationId: owner.organization.id } })).toBe(0);
  });

  it("refuses an address with a pending invitation, even when two invitations race", async () => {
    const owner = await teamOwner("pro");
    const email = address("twice");
    const results = await Promise.allSettled([invite(owner.actor, email), invite(owner.actor, email)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    await expect(invite(owner.actor, email)).rejects.toThrow(`${email} already has a pending invitation: resend it from the list below instead.`);
    expect(await db.invitation.count({ where: { organizationId: owner.organization.id } })).toBe(1);
  });

  it("counts pending invitations as seats: the free plan's 3 seats are full with an owner and two invitations", async () => {
    const owner = await teamOwner("free");
    await Promise.all([invite(owner.actor, address("one")), invite(owner.actor, address("two"))]);
    const third = address("three");
    await expect(invite(owner.actor, third)).rejects.toThrow(errors.PlanLimitError);
    await expect(invite(owner.actor, third)).rejects.toThrow("Your plan allows 3 members, pending invitations included.");
    expect(mailbox.mails().some((mail) => mail.to.includes(third))).toBe(false);

    const [pending] = await invitations.listPendingInvitations(owner.organization.id);
    await invitations.revokeInvitation(owner.actor, pending!.id);
    await invite(owner.actor, third);
    expect(await invitations.listPendingInvitations(owner.organization.id)).toHaveLength(2);
  });

  it("never lets concurrent invitations take more seats than the plan has", async () => {
    const owner = await teamOwner("free");
    await invite(owner.actor, address("first"));
    const results = await Promise.allSettled([invite(owner.actor, address("a")), invite(owner.actor, address("b")), invite(owner.actor, address("c"))]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await db.invitation.count({ where: { organizationId: owner.organization.id } })).toBe(2);
  });

  it("lets an admin invite admins and members, but only an owner invite an owner, and a member nobody", async () => {
    const owner = await teamOwner("pro");
    const admin = await users.joinOrganization((await users.newUser(address("admin"))).id, owner.organization.id, "admin");
    const member = await users.joinOrganization((await users.newUser(address("member"))).id, owner.organization.id, "member");
    await invite(admin, address("by-admin"), "admin");
    await expect(invite(admin, address("owner-by-admin"), "owner")).rejects.toThrow(errors.PermissionError);
    await expect(invite(member, address("by-member"))).rejects.toThrow(errors.PermissionError);
    await invite(owner.actor, address("owner-by-owner"), "owner");
    expect((await invitations.listPendingInvitations(owner.organization.id)).map((pending) => pending.role).sort()).toEqual(["admin", "owner"]);
  });

  it("keeps an invitation whose email could not be sent, with its audit event, for a resend that sends it", async () => {
    const owner = await teamOwner();
    const email = address("unreachable");
    mailbox.refuseNext(1);
    const { id, emailSent } = await invite(owner.actor, email);
    expect(emailSent).toBe(false);
    // The log and the invitations agree: one invitation recorded, one pending.
    expect((await invitations.listPendingInvitations(owner.organization.id)).map((pending) => pending.id)).toEqual([id]);
    expect(await audit.auditTrail(owner.organization.id)).toEqual([{ actorId: owner.id, action: "member.invited", details: { email, role: "member" } }]);
    expect(await invitations.resendInvitation(owner.actor, id, ORIGIN)).toBe(true);
    const joiner = await users.newUser(email);
    await invitations.acceptInvitation(lastLink(email).token, joiner);
    expect(await roleIn(owner.organization.id, joiner.id)).toBe("member");
  });

  it("says so when a resent email cannot be sent either", async () => {
    const owner = await teamOwner();
    const { id, emailSent } = await invite(owner.actor, address("bouncing"));
    expect(emailSent).toBe(true);
    mailbox.refuseNext(1);
    await expect(invitations.resendInvitation(owner.actor, id, ORIGIN)).rejects.toThrow(
      "We could not send the invitation email. Please try again in a minute.",
    );
  });

  it.each([
    ["a local part over 64 characters", `${"a".repeat(65)}@example.com`, "at most 64 characters before the @ and 254 in all"],
    ["an address over 254 characters", `a@${"b".repeat(250)}.com`, "at most 64 characters before the @ and 254 in all"],
    ["no address at all", "not an address", "Enter an email address"],
    ["a NUL character", "a\u0000b@example.com", "NUL"],
  ])("refuses %s as input", (_, email, message) => {
    const parsed = invitations.inviteSchema.safeParse({ email, role: "member" });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });

  it("accepts an address as typed, trimmed and lowercased, and only the three roles", () => {
    expect(invitations.inviteSchema.parse({ email: "  Ada@Example.COM ", role: "admin" })).toEqual({ email: "ada@example.com", role: "admin" });
    expect(invitations.inviteSchema.safeParse({ email: "ada@example.com", role: "root" }).success).toBe(false);
  });
});

describe("accepting an invitation", () => {
  it("makes the invited address a member with the invited role, through the emailed link", async () => {
    const owner = await teamOwner();
    const email = address("joiner");
    await invite(owner.actor, email, "admin");
    const { token } = lastLink(email);
    const joiner = await users.newUser(email);
    expect(await invitations.viewInvitation(token, joiner)).toEqual({
      invitation: { organizationName: owner.organization.name, role: "admin", inviter: "Olivia", email, expiresAt: expect.any(Date) },
    });
    expect(await invitations.acceptInvitation(token, joiner)).toEqual({ organizationId: owner.organization.id, slug: owner.organization.slug });
    expect(await roleIn(owner.organization.id, joiner.id)).toBe("admin");
  });

  it("works once: a replayed link, even two acceptances at once, change nothing more", async () => {
    const owner = await teamOwner();
    const email = address("once");
    await invite(owner.actor, email);
    const { token } = lastLink(email);
    const joiner = await users.newUser(email);
    const results = await Promise.allSettled([invitations.acceptInvitation(token, joiner), invitations.acceptInvitation(token, joiner)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    await expect(invitations.acceptInvitation(token, joiner)).rejects.toThrow("This invitation has already been used.");
    expect(await db.membership.count({ where: { organizationId: owner.organization.id, userId: joiner.id } })).toBe(1);
  });

  it("is refused to another address, leaving the invitation pending for the right one", async () => {
    const owner = await teamOwner();
    const email = address("intended");
    await invite(owner.actor, email);
    const { token } = lastLink(email);
    const other = await users.newUser(address("forwarded-to"));
    await expect(invitations.acceptInvitation(token, other)).rejects.toThrow("This invitation was sent to another email address.");
    expect(await roleIn(owner.organization.id, other.id)).toBeUndefined();
    const [local, domain] = email.split("@");
    // The same mailbox, however the account's address is written.
    const intended = await users.newUser(`${local}+signup@${domain!.toUpperCase()}`);
    await invitations.acceptInvitation(token, intended);
    expect(await roleIn(owner.organization.id, intended.id)).toBe("member");
  });

  it("is refused after 7 days", async () => {
    const owner = await teamOwner();
    const email = address("late");
    const { id } = await invite(owner.actor, email);
    const { token } = lastLink(email);
    await db.invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await users.newUser(email);
    await expect(invitations.acceptInvitation(token, late)).rejects.toThrow(/^This invitation expired on .*Ask whoever invited you for a new one\.$/);
    expect(await roleIn(owner.organization.id, late.id)).toBeUndefined();
  });

  it("is refused once revoked, and a revoked invitation frees its seat and cannot be revoked twice", async () => {
    const owner = await teamOwner();
    const email = address("revoked");
    const { id } = await invite(owner.actor, email);
    const { token } = lastLink(email);
    expect(await invitations.revokeInvitation(owner.actor, id)).toBe(true);
    expect(await invitations.revokeInvitation(owner.actor, id)).toBe(false);
    const revoked = await users.newUser(email);
    await expect(invitations.acceptInvitation(token, revoked)).rejects.toThrow("This invitation was withdrawn.");
    expect(await invitations.listPendingInvitations(owner.organization.id)).toEqual([]);
  });

  it("cannot be revoked from another organization", async () => {
    const owner = await teamOwner();
    const { id } = await invite(owner.actor, address("theirs"));
    const stranger = await teamOwner();
    expect(await invitations.revokeInvitation(stranger.actor, id)).toBe(false);
    expect(await invitations.listPendingInvitations(owner.organization.id)).toHaveLength(1);
  });

  it.each([
    ["a forged token", "A".repeat(43)],
    ["a token of the wrong shape", "x".repeat(1_000)],
    ["an empty token", ""],
  ])("refuses %s as not valid", async (_, token) => {
    const user = await users.newUser(address("forger"));
    await expect(invitations.acceptInvitation(token, user)).rejects.toThrow("This invitation link is not valid.");
    expect(await invitations.viewInvitation(token, user)).toEqual({ problem: expect.stringContaining("This invitation link is not valid.") });
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("resending an invitation", () => {
  it("emails a new link and 7 more days; the old link stops working", async () => {
    const owner = await teamOwner();
    const email = address("resent");
    const { id } = await invite(owner.actor, email);
    const old = lastLink(email).token;
    await db.invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect(await invitations.resendInvitation(owner.actor, id, ORIGIN)).toBe(true);
    const fresh = lastLink(email).token;
    expect(fresh).not.toBe(old);
    expect((await db.invitation.findUniqueOrThrow({ where: { id } })).expiresAt.getTime()).toBeGreaterThan(Date.now() + invitations.INVITATION_TTL_MS - 60_000);
    const joiner = await users.newUser(email);
    await expect(invitations.acceptInvitation(old, joiner)).rejects.toThrow("This invitation link is not valid.");
    await invitations.acceptInvitation(fresh, joiner);
    expect(await roleIn(owner.organization.id, joiner.id)).toBe("member");
  });

  it("is throttled to once a minute per invitation, sending nothing meanwhile", async () => {
    const owner = await teamOwner();
    const email = address("impatient");
    const { id } = await invite(owner.actor, email);
    await invitations.resendInvitation(owner.actor, id, ORIGIN);
    const sent = mailbox.mails().filter((mail) => mail.to.includes(email)).length;
    await expect(invitations.resendInvitation(owner.actor, id, ORIGIN)).rejects.toThrow(rateLimit.RateLimitedError);
    await expect(invitations.resendInvitation(owner.actor, id, ORIGIN)).rejects.toThrow("This invitation was just sent. Resend it again in");
    expect(mailbox.mails().filter((mail) => mail.to.includes(email))).toHaveLength(sent);
    // Another invitation has its own allowance.
    const other = await invite(owner.actor, address("patient"));
    expect(await invitations.resendInvitation(owner.actor, other.id, ORIGIN)).toBe(true);
  });

  it("answers false for an invitation that is no longer pending, and an owner's invitation is resent by owners only", async () => {
    const owner = await teamOwner("pro");
    const accepted = address("accepted");
    const { id } = await invite(owner.actor, accepted);
    await invitations.acceptInvitation(lastLink(accepted).token, await users.newUser(accepted));
    expect(await invitations.resendInvitation(owner.actor, id, ORIGIN)).toBe(false);

    const admin = await users.joinOrganization((await users.newUser(address("admin"))).id, owner.organization.id, "admin");
    const ownerInvitation = await invite(owner.actor, address("future-owner"), "owner");
    await expect(invitations.resendInvitation(admin, ownerInvitation.id, ORIGIN)).rejects.toThrow(errors.PermissionError);
  });
});

describe("the audit log of invitations", () => {
  it("records an invitation by whoever sent it, with its address and role: not a refused one", async () => {
    const owner = await teamOwner("pro");
    const member = await users.newUser(address("member"));
    await users.joinOrganization(member.id, owner.organization.id, "member");
    const email = address("audited");
    await invite(owner.actor, email, "admin");
    await expect(invite(owner.actor, member.email)).rejects.toThrow("is already a member of this organization.");
    await expect(invite(owner.actor, email)).rejects.toThrow("already has a pending invitation");
    expect(await audit.auditTrail(owner.organization.id)).toEqual([{ actorId: owner.id, action: "member.invited", details: { email, role: "admin" } }]);
  });

  it("records a joining by who joined, once: not a replayed link, nor a member who accepts keeping their role", async () => {
    const owner = await teamOwner("pro");
    const email = address("audited-joiner");
    await invite(owner.actor, email, "admin");
    const joiner = await users.newUser(email);
    await invitations.acceptInvitation(lastLink(email).token, joiner);
    await expect(invitations.acceptInvitation(lastLink(email).token, joiner)).rejects.toThrow("This invitation has already been used.");
    const memberEmail = address("already");
    const member = await users.newUser(memberEmail);
    await invite(owner.actor, memberEmail);
    await users.joinOrganization(member.id, owner.organization.id, "member");
    await invitations.acceptInvitation(lastLink(memberEmail).token, member);
    expect((await audit.auditTrail(owner.organization.id)).filter((event) => event.action === "member.joined")).toEqual([
      { actorId: joiner.id, action: "member.joined", details: { email, role: "admin" } },
    ]);
  });
});
