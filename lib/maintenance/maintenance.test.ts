// The maintenance job on PostgreSQL: what has expired goes, what is live stays, in bounded batches,
// and concurrent runs share the work without failing or counting a row twice.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { API_USAGE_RETENTION_DAYS, AUDIT_LOG_RETENTION_DAYS, runMaintenance, STRIPE_EVENT_RETENTION_DAYS } from "@/lib/maintenance/maintenance";

const db = getDb();
afterAll(() => db.$disconnect());

const NOW = new Date("2026-06-15T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The UTC day `n` days before NOW's. */
const daysAgo = (n: number) => new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate()) - n * DAY);

let userId: string;
let organizationId: string;
beforeEach(async () => {
  // "User" cascades to the organizations and their audit log (TRUNCATE, which the log's append-only trigger does not see).
  await db.$executeRawUnsafe(`TRUNCATE "Session", "VerificationToken", "RateLimitWindow", "StripeEvent", "User" CASCADE`);
  userId = (await db.user.create({ data: { email: "maintenance@example.com" } })).id;
  organizationId = (await db.organization.create({ data: { name: "Maintained", slug: "maintained", personalOwnerId: userId } })).id;
});

/** `expired` rows that should go and `live` rows that must stay, in every table the job cleans. */
async function seed({ expired, live }: { expired: number; live: number }) {
  const range = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await db.session.createMany({
    data: [
      ...range(expired, "old").map((token) => ({ sessionToken: token, userId, expires: ago(MINUTE) })),
      ...range(live, "live").map((token) => ({ sessionToken: token, userId, expires: ago(-DAY) })),
    ],
  });
  await db.verificationToken.createMany({
    data: [
      ...range(expired, "old").map((token) => ({ identifier: "a@example.com", token, expires: ago(1) })),
      ...range(live, "live").map((token) => ({ identifier: "a@example.com", token, expires: ago(-10 * MINUTE) })),
    ],
  });
  await db.rateLimitWindow.createMany({
    data: [
      ...range(expired, "old").map((key) => ({ key, windowStart: ago(2 * 60 * MINUTE), count: 5 })),
      // The current minute, and a long window that started a quarter of an hour ago: both still count.
      ...range(live, "live").map((key, i) => ({ key, windowStart: ago(i % 2 === 0 ? 0 : 15 * MINUTE), count: 5 })),
    ],
  });
  await db.stripeEvent.createMany({
    data: [
      ...range(expired, "evt_old").map((id) => ({ id, type: "invoice.paid", processedAt: ago((STRIPE_EVENT_RETENTION_DAYS + 1) * DAY) })),
      ...range(live, "evt_live").map((id) => ({ id, type: "invoice.paid", processedAt: ago((STRIPE_EVENT_RETENTION_DAYS - 1) * DAY) })),
    ],
  });
  // One user's days: the expired ones from the 90th day before today back, the live ones today, the day before… and the 89th.
  await db.apiUsageDay.createMany({
    data: [
      ...range(expired, "old").map((_, i) => ({ userId, day: daysAgo(API_USAGE_RETENTION_DAYS + i), count: 5 })),
      ...range(live, "live").map((_, i) => ({ userId, day: daysAgo(i === 0 ? API_USAGE_RETENTION_DAYS - 1 : i - 1), count: 5 })),
    ],
  });
  // An organization's audit log: the expired events from just past the retention back, the live ones from just inside it to now.
  const auditEvent = (target: string, createdAt: Date) => ({
    organizationId,
    action: "api_key.created",
    target,
    details: { keyId: target, name: target },
    createdAt,
  });
  await db.auditEvent.createMany({
    data: [
      ...range(expired, "old").map((target, i) => auditEvent(target, ago(AUDIT_LOG_RETENTION_DAYS * DAY + (i + 1) * MINUTE))),
      ...range(live, "live").map((target, i) => auditEvent(target, ago(i === 0 ? AUDIT_LOG_RETENTION_DAYS * DAY - MINUTE : i * DAY))),
    ],
  });
}

async function counts() {
  return {
    sessions: await db.session.count(),
    verificationTokens: await db.verificationToken.count(),
    rateLimitWindows: await db.rateLimitWindow.count(),
    stripeEvents: await db.stripeEvent.count(),
    apiUsageDays: await db.apiUsageDay.count(),
    auditEvents: await db.auditEvent.count(),
  };
}

const each = (n: number) => ({ sessions: n, verificationTokens: n, rateLimitWindows: n, stripeEvents: n, apiUsageDays: n, auditEvents: n });

describe("the maintenance job", () => {
  it("deletes expired sessions, sign-in tokens, past rate-limit windows, old Stripe events, API usage and audit events, and keeps the live ones", async () => {
    await seed({ expired: 7, live: 4 });
    const result = await runMaintenance({ now: NOW });
    expect(result).toMatchObject({ removed: each(7), complete: true });
    expect(await counts()).toEqual(each(4));
    expect(await db.session.findMany({ select: { sessionToken: true } })).toEqual(expect.arrayContaining([{ sessionToken: "live-0" }]));
    // The last 90 UTC days stay, today included; the day before them goes.
    const days = await db.apiUsageDay.findMany({ select: { day: true }, orderBy: { day: "asc" } });
    expect(days[0]!.day).toEqual(daysAgo(API_USAGE_RETENTION_DAYS - 1));
    expect(await db.apiUsageDay.count({ where: { day: daysAgo(API_USAGE_RETENTION_DAYS) } })).toBe(0);
    // The audit log keeps a year: the oldest event left is the one from just inside it.
    expect((await db.auditEvent.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).target).toBe("live-0");
  });

  it("is idempotent: a second run finds nothing to delete", async () => {
    await seed({ expired: 3, live: 2 });
    await runMaintenance({ now: NOW });
    expect((await runMaintenance({ now: NOW })).removed).toEqual(each(0));
    expect(await counts()).toEqual(each(2));
  });

  it("deletes in batches of at most batchSize rows, and stops after maxBatches, leaving the rest to the next run", async () => {
    await seed({ expired: 25, live: 1 });
    const first = await runMaintenance({ now: NOW, batchSize: 10, maxBatches: 2 });
    expect(first).toMatchObject({ removed: each(20), complete: false });
    const second = await runMaintenance({ now: NOW, batchSize: 10, maxBatches: 2 });
    expect(second).toMatchObject({ removed: each(5), complete: true });
    expect(await counts()).toEqual(each(1));
  });

  it("runs concurrently without failing or counting a row twice", async () => {
    await seed({ expired: 400, live: 3 });
    const runs = await Promise.all(Array.from({ length: 4 }, () => runMaintenance({ now: NOW, batchSize: 7 })));
    for (const task of ["sessions", "verificationTokens", "rateLimitWindows", "stripeEvents", "apiUsageDays", "auditEvents"] as const) {
      expect(
        runs.reduce((sum, run) => sum + run.removed[task], 0),
        task,
      ).toBe(400);
    }
    expect(await counts()).toEqual(each(3));
  });

  it("logs what it removed, in one structured line", async () => {
    await seed({ expired: 2, live: 0 });
    const lines: unknown[] = [];
    await runMaintenance({ now: NOW, logger: { info: (fields: unknown) => void lines.push(fields) } as never });
    expect(lines).toEqual([expect.objectContaining({ event: "db.maintenance", removed: each(2), complete: true, ms: expect.any(Number) })]);
  });
});
