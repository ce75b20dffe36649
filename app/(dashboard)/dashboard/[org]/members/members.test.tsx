// The members page, its actions and the invitation page, on this file's own database: what each role
// sees and may do, and every refusal as a form error that changes nothing.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { createInvitation } from "@/lib/organizations/invitations";
import type { Actor } from "@/lib/organizations/permissions";
import { WINDOW_MS } from "@/lib/rate-limit/rate-limit";
import { signIn, signInTo, signOut } from "@/test/support/signed-in";
import { joinOrganization, newUser } from "@/test/support/users";

const mail = vi.hoisted(() => ({ links: [] as string[], smtpRefuses: false }));
vi.mock("@/lib/auth/session", () => import("@/test/support/signed-in").then((module) => module.stubbedSession));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("@/lib/app-origin", () => ({ appOrigin: async () => "https://app.example.com" }));
// The emails' links, as sent (no SMTP here: lib/organizations/invitations.test.ts reads real mail).
vi.mock("@/lib/email/send", () => ({
  sendEmail: async ({ text }: { text: string }) => {
    if (mail.smtpRefuses) throw new Error("550 refused");
    mail.links.push(/\/invitations\/([A-Za-z0-9_-]+)/.exec(text)![1]!);
    return "logged";
  },
}));

const db = getDb();
afterAll(() => db.$disconnect());

beforeEach(async () => {
  // The per-minute request count lives in calendar minutes: start well inside one.
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
});

let people = 0;
async function signInAs(role: Actor["role"], organizationId?: string) {
  const user = await newUser(`${role}-${++people}-${Date.now()}@example.com`, {}, `${role} ${people}`);
  const actor = organizationId ? await joinOrganization(user.id, organizationId, role) : user.actor;
  return signInTo(user, { actor });
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const roleOf = async (organizationId: string, userId: string) =>
  (await db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } } }))?.role;

async function renderMembers() {
  const { default: MembersPage } = await import("./page");
  return renderToStaticMarkup(await MembersPage());
}

describe("the members page", () => {
  it("shows an owner every member, the invite form with the seats used, and pending invitations to resend or revoke", async () => {
    const owner = await signInAs("owner");
    const member = await newUser(`listed-${Date.now()}@example.com`, {}, "Listed Member");
    await joinOrganization(member.id, owner.actor.organizationId, "member");
    await createInvitation(owner.actor, { email: "pending@example.com", role: "admin" }, "https://app.example.com");
    const html = await renderMembers();
    expect(html).toContain("Listed Member");
    expect(html).toContain('aria-label="Change the role of Listed Member"');
    expect(html).toContain('aria-label="Remove Listed Member"');
    expect(html).toContain('aria-label="Transfer ownership to Listed Member"');
    expect(html).toMatch(/data-testid="member-seats">3 of 3 seats/);
    expect(html).toMatch(/data-testid="invitation-email"[^>]*>pending@example.com</);
    expect(html).toContain('aria-label="Resend the invitation of pending@example.com"');
    // Their own personal organization: no control over their own row, and no way to leave it.
    expect(html).not.toContain(`Change the role of ${owner.name}`);
    expect(html).not.toContain("Leave organization");
  });

  it("shows a member the list only, and the way to leave", async () => {
    const owner = await signInAs("owner");
    const team = owner.actor.organizationId;
    await signInAs("member", team);
    const html = await renderMembers();
    expect(html).toContain(owner.name!);
    expect(html).not.toContain("Invite someone");
    expect(html).not.toContain("Change the role of");
    expect(html).not.toContain("Pending invitations");
    expect(html).toContain("Leave organization");
  });

  it("offers an admin no owner role and no control over owners", async () => {
    const owner = await signInAs("owner");
    await signInAs("admin", owner.actor.organizationId);
    const html = await renderMembers();
    expect(html).not.toContain('<option value="owner"');
    expect(html).not.toContain(`Change the role of ${owner.name}`);
    expect(html).not.toContain("Transfer ownership");
  });
});

describe("the members actions", () => {
  it("invite: refuses a hostile address field by field, inviting nobody", async () => {
    const { inviteAction } = await import("./actions");
    const owner = await signInAs("owner");
    const state = await inviteAction(undefined, form({ email: `${"a".repeat(65)}@example.com`, role: "member" }));
    expect(state).toMatchObject({ status: "invalid", fieldErrors: { email: [expect.stringContaining("at most 64 characters before the @")] } });
    expect(await db.invitation.count({ where: { organizationId: owner.actor.organizationId } })).toBe(0);
  });

  it("invite: an email that could not be sent is a form error saying the invitation is kept, to resend", async () => {
    const { inviteAction } = await import("./actions");
    const owner = await signInAs("owner");
    mail.smtpRefuses = true;
    const state = await inviteAction(undefined, form({ email: "unlucky@example.com", role: "member" })).finally(() => (mail.smtpRefuses = false));
    expect(state).toMatchObject({
      status: "failed",
      error: "unlucky@example.com is invited, but the email could not be sent: resend it from the pending invitations below.",
    });
    expect(await db.invitation.count({ where: { organizationId: owner.actor.organizationId, email: "unlucky@example.com" } })).toBe(1);
  });

  it("invite: a member is refused with the permission's message", async () => {
    const { inviteAction } = await import("./actions");
    const owner = await signInAs("owner");
    await signInAs("member", owner.actor.organizationId);
    expect(await inviteAction(undefined, form({ email: "friend@example.com", role: "member" }))).toMatchObject({
      status: "failed",
      error: "Only an organization's owner or admin can do this; your role is member.",
    });
    expect(await db.invitation.count({ where: { organizationId: owner.actor.organizationId } })).toBe(0);
  });

  it("change a role: a member is refused, and the role stays", async () => {
    const { changeRoleAction } = await import("./actions");
    const owner = await signInAs("owner");
    const member = await signInAs("member", owner.actor.organizationId);
    expect(await changeRoleAction(undefined, form({ userId: member.id, role: "admin" }))).toMatchObject({ status: "failed" });
    expect(await roleOf(owner.actor.organizationId, member.id)).toBe("member");
  });

  it("change a role: an admin making an owner is refused", async () => {
    const { changeRoleAction } = await import("./actions");
    const owner = await signInAs("owner");
    const member = await newUser(`promoted-${Date.now()}@example.com`);
    await joinOrganization(member.id, owner.actor.organizationId, "member");
    await signInAs("admin", owner.actor.organizationId);
    expect(await changeRoleAction(undefined, form({ userId: member.id, role: "owner" }))).toEqual({
      status: "failed",
      error: "Only an organization's owner can do this; your role is admin.",
      values: { userId: member.id, role: "owner" },
    });
    expect(await roleOf(owner.actor.organizationId, member.id)).toBe("member");
  });

  it("leave: the last owner is refused with what to do first", async () => {
    const { leaveOrganizationAction } = await import("./actions");
    const founder = await signInAs("owner");
    const team = await db.organization.create({ data: { name: "Team", slug: `team-${Date.now()}` } });
    await joinOrganization(founder.id, team.id, "owner");
    await joinOrganization((await newUser(`stays-${Date.now()}@example.com`)).id, team.id, "member");
    await signInTo(founder, { actor: { userId: founder.id, organizationId: team.id, role: "owner" } });
    expect(await leaveOrganizationAction(undefined, form({}))).toMatchObject({ status: "failed", error: expect.stringContaining("You are the last owner") });
    expect(await roleOf(team.id, founder.id)).toBe("owner");
  });

  it("resend: a second resend within the minute is a form error", async () => {
    const { resendInvitationAction } = await import("./actions");
    const owner = await signInAs("owner");
    const { id } = await createInvitation(owner.actor, { email: `again-${Date.now()}@example.com`, role: "member" }, "https://app.example.com");
    expect(await resendInvitationAction(undefined, form({ invitationId: id }))).toMatchObject({ status: "ok" });
    expect(await resendInvitationAction(undefined, form({ invitationId: id }))).toMatchObject({
      status: "failed",
      error: expect.stringContaining("This invitation was just sent."),
    });
  });
});

describe("the invitation page", () => {
  async function renderInvitation(token: string) {
    const { default: InvitationPage } = await import("@/app/(auth)/invitations/[token]/page");
    return renderToStaticMarkup(await InvitationPage({ params: Promise.resolve({ token }) }));
  }

  it("sends a signed-out visitor to sign in", async () => {
    signOut();
    await expect(renderInvitation("A".repeat(43))).rejects.toMatchObject({ digest: expect.stringContaining("/sign-in") });
  });

  it("offers the invited address to join, and joining makes them a member with the invited role", async () => {
    const owner = await signInAs("owner");
    const email = `welcome-${Date.now()}@example.com`;
    await createInvitation(owner.actor, { email, role: "admin" }, "https://app.example.com");
    const token = mail.links.at(-1)!;
    const invitee = await newUser(email);
    signIn(invitee, { organization: owner.organization });
    const html = await renderInvitation(token);
    expect(html).toContain(`Join ${owner.organization.name.replaceAll("'", "&#x27;")}</button>`);
    const { acceptInvitationAction } = await import("@/app/(auth)/invitations/[token]/actions");
    await expect(acceptInvitationAction(undefined, form({ token }))).rejects.toMatchObject({
      digest: expect.stringContaining(`/dashboard/${owner.organization.slug}/members`),
    });
    expect(await roleOf(owner.actor.organizationId, invitee.id)).toBe("admin");
  });

  it("tells another address the invitation is not theirs, and joining is a form error that changes nothing", async () => {
    const owner = await signInAs("owner");
    await createInvitation(owner.actor, { email: `meant-${Date.now()}@example.com`, role: "member" }, "https://app.example.com");
    const token = mail.links.at(-1)!;
    const other = await signInAs("member");
    const html = await renderInvitation(token);
    expect(html).toContain("This invitation was sent to another email address.");
    expect(html).toContain(`You are signed in as ${other.email}.`);
    expect(html).toContain(">Sign out</button>");
    const { acceptInvitationAction } = await import("@/app/(auth)/invitations/[token]/actions");
    expect(await acceptInvitationAction(undefined, form({ token }))).toMatchObject({
      status: "failed",
      error: expect.stringContaining("another email address"),
    });
    expect(await roleOf(owner.actor.organizationId, other.id)).toBeUndefined();
  });

  it("says a forged link is not valid", async () => {
    await signInAs("member");
    expect(await renderInvitation("forged")).toContain("This invitation link is not valid.");
  });
});
