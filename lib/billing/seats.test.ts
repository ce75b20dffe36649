// Per-seat billing end to end below the UI: membership changes on this file's own PostgreSQL
// database, Stripe played by the local fake (the real `stripe` library talks to it over HTTP), and
// webhook events signed by the real library. Called directly, outside a request, a change bills its
// seats before it returns; served as a request (serveRequest), after the response.
import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/organizations/permissions";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { captureLogs } from "@/test/support/logs";
import { serveRequest } from "@/test/support/request-scope";
import { eventObject, subscriptionObject, webhookRequest } from "@/test/support/stripe-objects";

vi.mock("next/server", (importOriginal) => import("@/test/support/request-scope").then((module) => module.nextServerAfter(importOriginal)));

const SECRET = "whsec_seats";
const PRO_MONTHLY = "price_pro_monthly";
const ORIGIN = "https://app.example.com";

let fake: FakeStripe;
let db: import("@/lib/db").Db;
let billing: import("@/lib/billing/stripe").Billing;
let seats: typeof import("@/lib/billing/seats");
let members: typeof import("@/lib/organizations/members");
let invitations: typeof import("@/lib/organizations/invitations");
let users: typeof import("@/test/support/users");

beforeAll(async () => {
  fake = await startFakeStripe();
  // Before anything reads the environment (it is read once): billing talks to the fake.
  vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_fake");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", SECRET);
  vi.stubEnv("STRIPE_PRICE_PRO_MONTHLY", PRO_MONTHLY);
  vi.stubEnv("STRIPE_API_BASE", fake.url);
  db = (await import("@/lib/db")).getDb();
  billing = (await import("@/lib/billing/stripe")).getBilling()!;
  seats = await import("@/lib/billing/seats");
  members = await import("@/lib/organizations/members");
  invitations = await import("@/lib/organizations/invitations");
  users = await import("@/test/support/users");
});

afterAll(async () => {
  await fake.stop();
  await db.$disconnect();
  vi.unstubAllEnvs();
});

let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Date.now()}`;

/**
 * A team on Pro with `memberCount` members (its owner first), its Stripe subscription billing
 * `billed` seats (default: the member count), recorded as such in its row.
 */
async function proTeam(memberCount: number, billed = memberCount) {
  const people = await Promise.all(Array.from({ length: memberCount }, (_, i) => users.newUser(`${unique(`seat${i}`)}@example.com`)));
  const customer = `cus_${unique("seats")}`;
  const organization = await db.organization.create({
    data: {
      name: "Seated team",
      slug: unique("seated"),
      memberships: { create: people.map((person, i) => ({ userId: person.id, role: i === 0 ? ("owner" as const) : ("member" as const) })) },
    },
  });
  const subscription = subscriptionObject({ customer, priceId: PRO_MONTHLY, quantity: billed, metadata: { organizationId: organization.id } });
  fake.setSubscription(subscription);
  await db.subscription.create({
    data: {
      organizationId: organization.id,
      stripeCustomerId: customer,
      stripeSubscriptionId: subscription.id,
      stripePriceId: PRO_MONTHLY,
      plan: "pro",
      status: "active",
      quantity: billed,
    },
  });
  const actorOf = (index: number): Actor => ({ userId: people[index]!.id, organizationId: organization.id, role: index === 0 ? "owner" : "member" });
  return { organization, people, subscription, itemId: subscription.items.data[0]!.id, owner: actorOf(0), actorOf };
}

/** The path of `subscriptionId` in Stripe's API: where it is read and updated. */
const subscriptionPath = (subscriptionId: string) => new RegExp(`^/v1/subscriptions/${subscriptionId}$`);

/** The quantity updates the app sent for `subscriptionId`, in order. */
function seatUpdates(subscriptionId: string) {
  return fake.requests.filter((request) => request.method === "POST" && subscriptionPath(subscriptionId).test(request.path));
}

const billedInStripe = (subscriptionId: string) => fake.subscription(subscriptionId)!.items.data[0]!.quantity;
const recorded = async (organizationId: string) => (await db.subscription.findUniqueOrThrow({ where: { organizationId } })).quantity;

/** An invitation to `organizationId` for `email`, and the token of its link. */
async function invitation(organizationId: string, invitedById: string, email: string) {
  const token = randomBytes(32).toString("base64url");
  await db.invitation.create({
    data: { organizationId, email, role: "member", hashedToken: invitations.hashInvitationToken(token), invitedById, expiresAt: new Date(Date.now() + 60_000) },
  });
  return token;
}

async function deliver(event: Stripe.Event) {
  const request = webhookRequest(event, SECRET);
  const { handleStripeWebhook } = await import("@/lib/billing/webhook");
  return handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"), { origin: ORIGIN });
}

describe("a change of members updates the seats Stripe bills, prorated", () => {
  it("someone accepting an invitation adds a seat", async () => {
    const team = await proTeam(2);
    const joiner = await users.newUser(`${unique("joiner")}@example.com`);
    const token = await invitation(team.organization.id, team.owner.userId, joiner.email);

    await invitations.acceptInvitation(token, joiner);

    expect(seatUpdates(team.subscription.id)).toEqual([
      expect.objectContaining({
        body: { items: [{ id: team.itemId, quantity: "3" }], proration_behavior: "create_prorations" },
        idempotencyKey: expect.stringMatching(new RegExp(`^seats-${team.subscription.id}-3-\\d+$`)),
      }),
    ]);
    expect(billedInStripe(team.subscription.id)).toBe(3);
    expect(await recorded(team.organization.id)).toBe(3);
  });

  it("removing a member, and a member leaving, each take a seat away", async () => {
    const team = await proTeam(4);
    expect(await members.removeMember(team.owner, team.people[1]!.id)).toBe(true);
    expect(await members.leaveOrganization(team.actorOf(2))).toBe(true);

    expect(seatUpdates(team.subscription.id).map((request) => request.body)).toEqual([
      { items: [{ id: team.itemId, quantity: "3" }], proration_behavior: "create_prorations" },
      { items: [{ id: team.itemId, quantity: "2" }], proration_behavior: "create_prorations" },
    ]);
    expect(billedInStripe(team.subscription.id)).toBe(2);
    expect(await recorded(team.organization.id)).toBe(2);
  });

  it("a member deleting their account takes their seat away", async () => {
    const team = await proTeam(3);
    const { deleteAccount } = await import("@/lib/users/profile");
    await deleteAccount(team.people[2]!.id);
    expect(seatUpdates(team.subscription.id).map((request) => request.body)).toEqual([
      { items: [{ id: team.itemId, quantity: "2" }], proration_behavior: "create_prorations" },
    ]);
    expect(await recorded(team.organization.id)).toBe(2);
  });

  it("changing roles or handing ownership over bills nothing: the count is the same", async () => {
    const team = await proTeam(3);
    await members.changeRole(team.owner, team.people[1]!.id, "admin");
    await members.transferOwnership(team.owner, team.people[2]!.id);
    expect(seatUpdates(team.subscription.id)).toEqual([]);
  });

  it("asks nothing of Stripe for an organization without a paid Pro subscription", async () => {
    const free = await users.newUser(`${unique("free-owner")}@example.com`);
    const member = await users.newUser(`${unique("free-member")}@example.com`);
    await users.joinOrganization(member.id, free.organizationId, "member");
    // Pro once: its customer and subscription are still known, canceled.
    const canceled = await proTeam(3);
    await db.subscription.update({ where: { organizationId: canceled.organization.id }, data: { plan: "free", status: "canceled" } });
    const before = fake.requests.length;

    const joiner = await users.newUser(`${unique("free-joiner")}@example.com`);
    await invitations.acceptInvitation(await invitation(free.organizationId, free.id, joiner.email), joiner);
    await members.removeMember(free.actor, member.id);
    await members.removeMember(canceled.owner, canceled.people[1]!.id);

    expect(fake.requests.slice(before)).toEqual([]);
  });
});

describe("served as a request, a change answers without waiting for Stripe, and bills the seats after the response", () => {
  // How late Stripe answers each quantity update: far longer than any change takes the database.
  const SLOW_STRIPE_MS = 3_000;
  type Team = Awaited<ReturnType<typeof proTeam>>;

  // Each: the change, prepared (its invitation sent) before the request, and the seats once done.
  // At once, each on its own team: they wait for the slowed Stripe together.
  it.concurrent.for<[string, (team: Team) => Promise<() => Promise<unknown>>, number]>([
    ["removing a member", async (team) => () => members.removeMember(team.owner, team.people[1]!.id), 2],
    ["a member leaving", async (team) => () => members.leaveOrganization(team.actorOf(1)), 2],
    [
      "a member deleting their account",
      async (team) => {
        const { deleteAccount } = await import("@/lib/users/profile");
        return () => deleteAccount(team.people[1]!.id);
      },
      2,
    ],
    [
      "accepting an invitation",
      async (team) => {
        const joiner = await users.newUser(`${unique("quick-joiner")}@example.com`);
        const token = await invitation(team.organization.id, team.owner.userId, joiner.email);
        return () => invitations.acceptInvitation(token, joiner);
      },
      4,
    ],
  ])("%s", async ([, prepare, seats], { expect }) => {
    const team = await proTeam(3);
    const change = await prepare(team);
    fake.slowDown("POST", subscriptionPath(team.subscription.id), SLOW_STRIPE_MS);

    const { afterResponse } = await serveRequest(change);
    // Answered, the change made, and Stripe not billing it yet: the update waits for the response.
    expect(billedInStripe(team.subscription.id)).toBe(3);
    expect(await db.membership.count({ where: { organizationId: team.organization.id } })).toBe(seats);
    expect(await recorded(team.organization.id)).toBe(3);

    await afterResponse;
    expect(seatUpdates(team.subscription.id)).toHaveLength(1);
    expect(billedInStripe(team.subscription.id)).toBe(seats);
    expect(await recorded(team.organization.id)).toBe(seats);
  });

  it("Stripe failing after the response is logged and throws nowhere: the change answered and stands", async () => {
    const team = await proTeam(3);
    fake.failNext("POST", subscriptionPath(team.subscription.id), 500);
    const logs = captureLogs();
    try {
      const { response, afterResponse } = await serveRequest(() => members.removeMember(team.owner, team.people[1]!.id));
      expect(response).toBe(true);
      await expect(afterResponse).resolves.toBeUndefined();
    } finally {
      logs.stop();
    }
    expect(logs.entries()).toContainEqual(expect.objectContaining({ event: "billing.seats_sync_failed", organizationId: team.organization.id }));
    expect(await db.membership.count({ where: { organizationId: team.organization.id } })).toBe(2);
    expect(await recorded(team.organization.id)).toBe(3);
    // Put right by the next sync (here rather than by the maintenance job, which a test below runs).
    expect(await seats.syncSeats(team.organization.id)).toBe("updated");
    expect(await recorded(team.organization.id)).toBe(2);
  });
});

describe("changes that race", () => {
  it("sends each target once, and Stripe ends billing the final member count", async () => {
    const team = await proTeam(6);
    // Stripe answers the first sync's read last: unless the syncs take turns, the first count (the
    // oldest) is the last one sent.
    fake.slowDown("GET", subscriptionPath(team.subscription.id), [400, 300, 200, 100, 0]);
    // Five changes at once: three removals by the owner, two members leaving.
    await Promise.all([
      members.removeMember(team.owner, team.people[1]!.id),
      members.removeMember(team.owner, team.people[2]!.id),
      members.removeMember(team.owner, team.people[3]!.id),
      members.leaveOrganization(team.actorOf(4)),
      members.leaveOrganization(team.actorOf(5)),
    ]);

    const targets = seatUpdates(team.subscription.id).map((request) => Number((request.body.items as { quantity: string }[])[0]!.quantity));
    expect(targets.length).toBeGreaterThan(0);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets.at(-1)).toBe(1);
    // Each one lower than the one before: no sync sent a count older than one already sent.
    expect(targets).toEqual([...targets].sort((a, b) => b - a));
    expect(billedInStripe(team.subscription.id)).toBe(1);
    expect(await recorded(team.organization.id)).toBe(1);
  });

  it("sends nothing twice when the same sync runs many times at once", async () => {
    const team = await proTeam(3, 2);
    fake.slowDown("GET", subscriptionPath(team.subscription.id), 150);
    await Promise.all(Array.from({ length: 4 }, () => seats.syncSeats(team.organization.id)));
    expect(seatUpdates(team.subscription.id)).toHaveLength(1);
    expect(billedInStripe(team.subscription.id)).toBe(3);
  });
});

describe("when Stripe fails", () => {
  it("the membership change stands, and the maintenance job bills the seats later", async () => {
    const team = await proTeam(3);
    fake.failNext("POST", subscriptionPath(team.subscription.id), 500);

    expect(await members.removeMember(team.owner, team.people[1]!.id)).toBe(true);
    expect(await db.membership.count({ where: { organizationId: team.organization.id } })).toBe(2);
    expect(billedInStripe(team.subscription.id)).toBe(3);
    expect(await recorded(team.organization.id)).toBe(3);

    const { runMaintenance } = await import("@/lib/maintenance/maintenance");
    const result = await runMaintenance({ logger: { info: () => {} } });
    expect(result.seats).toEqual({ updated: 1, failed: 0 });
    expect(billedInStripe(team.subscription.id)).toBe(2);
    expect(await recorded(team.organization.id)).toBe(2);
    // Reconciled: the next run has nothing to do.
    expect((await runMaintenance({ logger: { info: () => {} } })).seats).toEqual({ updated: 0, failed: 0 });
  });

  it("an update whose answer was lost is not sent again: Stripe's quantity is read first", async () => {
    const team = await proTeam(3);
    // Stripe applied 2 but the answer never arrived: our row still says 3.
    fake.setSubscription(subscriptionObject({ id: team.subscription.id, customer: String(team.subscription.customer), priceId: PRO_MONTHLY, quantity: 2 }));
    await db.membership.delete({ where: { organizationId_userId: { organizationId: team.organization.id, userId: team.people[2]!.id } } });

    expect(await seats.syncSeats(team.organization.id)).toBe("unchanged");
    expect(seatUpdates(team.subscription.id)).toEqual([]);
    expect(await recorded(team.organization.id)).toBe(2);
  });
});

describe("the webhook, the source of truth", () => {
  it("records the quantity Stripe reports", async () => {
    const team = await proTeam(3, 2);
    // Stripe bills 3 (say, the update of a sync whose answer was lost); the row still says 2.
    const current = subscriptionObject({ id: team.subscription.id, customer: String(team.subscription.customer), priceId: PRO_MONTHLY, quantity: 3 });
    fake.setSubscription(current);
    expect(await deliver(eventObject("customer.subscription.updated", current))).toMatchObject({ status: 200 });
    expect(await recorded(team.organization.id)).toBe(3);
    expect(seatUpdates(team.subscription.id)).toEqual([]);
  });

  it("corrects a quantity that is not the member count, prorated, and records Stripe's answer", async () => {
    const team = await proTeam(3);
    // Stripe reports 5 (changed outside the app): the organization has 3 members.
    const current = subscriptionObject({ id: team.subscription.id, customer: String(team.subscription.customer), priceId: PRO_MONTHLY, quantity: 5 });
    fake.setSubscription(current);
    expect(await deliver(eventObject("customer.subscription.updated", current))).toMatchObject({ status: 200 });
    expect(seatUpdates(team.subscription.id).map((request) => request.body)).toEqual([
      { items: [{ id: current.items.data[0]!.id, quantity: "3" }], proration_behavior: "create_prorations" },
    ]);
    expect(billedInStripe(team.subscription.id)).toBe(3);
    expect(await recorded(team.organization.id)).toBe(3);
  });

  it("bills the members of a Checkout paid after one more joined", async () => {
    const team = await proTeam(2);
    // The team as Checkout found it: free, with a customer, two members.
    await db.subscription.update({
      where: { organizationId: team.organization.id },
      data: { plan: "free", stripeSubscriptionId: null, stripePriceId: null, quantity: null, stripeCustomerId: `cus_${unique("checkout")}` },
    });
    const owner = await db.user.findUniqueOrThrow({ where: { id: team.owner.userId } });
    const { createCheckoutSession } = await import("@/lib/billing/checkout");
    await createCheckoutSession(billing, { ...owner, actor: team.owner }, "monthly", `${ORIGIN}/dashboard/${team.organization.slug}/billing`);
    const session = fake.checkoutSessions.at(-1)!;
    expect(session.line_items).toEqual([{ price: PRO_MONTHLY, quantity: "2" }]);

    // A third member joins before the customer pays: the free team bills nothing yet.
    const joiner = await users.newUser(`${unique("late-joiner")}@example.com`);
    await invitations.acceptInvitation(await invitation(team.organization.id, owner.id, joiner.email), joiner);
    const subscription = fake.completeCheckoutSession(String(session.id));
    expect(subscription.items.data[0]!.quantity).toBe(2);

    const { checkoutSessionObject } = await import("@/test/support/stripe-objects");
    const completed = checkoutSessionObject({
      customer: String(session.customer),
      subscription: subscription.id,
      userId: owner.id,
      organizationId: team.organization.id,
    });
    expect(await deliver(eventObject("checkout.session.completed", completed))).toMatchObject({ status: 200 });

    expect(await db.subscription.findUniqueOrThrow({ where: { organizationId: team.organization.id } })).toMatchObject({ plan: "pro", quantity: 3 });
    expect(billedInStripe(subscription.id)).toBe(3);
    expect(seatUpdates(subscription.id)).toHaveLength(1);
  });

  it("bills the member count on an item that reports no quantity (Stripe's is optional)", async () => {
    const team = await proTeam(1);
    const current = subscriptionObject({ id: team.subscription.id, customer: String(team.subscription.customer), priceId: PRO_MONTHLY });
    delete (current.items.data[0] as { quantity?: number }).quantity;
    fake.setSubscription(current);
    expect(await deliver(eventObject("customer.subscription.updated", current))).toMatchObject({ status: 200 });
    expect(seatUpdates(team.subscription.id).map((request) => request.body)).toEqual([
      { items: [{ id: current.items.data[0]!.id, quantity: "1" }], proration_behavior: "create_prorations" },
    ]);
    expect(await recorded(team.organization.id)).toBe(1);
  });
});
