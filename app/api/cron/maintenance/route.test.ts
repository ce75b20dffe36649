// The cron route: only Vercel Cron (Authorization: Bearer <CRON_SECRET>) starts the job.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cronRefusal, isCronRequest } from "@/lib/maintenance/cron";

const SECRET = "cron-secret-0123456789abcdef";
let GET: (request: Request) => Promise<Response>;
let db: import("@/lib/db").Db;

beforeAll(async () => {
  vi.stubEnv("CRON_SECRET", SECRET);
  ({ GET } = await import("./route"));
  db = (await import("@/lib/db")).getDb();
});
afterAll(async () => {
  await db.$disconnect();
  vi.unstubAllEnvs();
});

const call = (headers: Record<string, string> = {}) => GET(new Request("http://localhost:3000/api/cron/maintenance", { headers }));

describe("GET /api/cron/maintenance", () => {
  it.each([
    {},
    { authorization: "Bearer wrong-secret-0123456789ab" },
    { authorization: SECRET },
    { authorization: `Bearer ${SECRET}x` },
    { authorization: `bearer ${SECRET}` },
  ] as Record<string, string>[])("refuses %j with 401 in the API's error shape, deleting nothing", async (headers) => {
    const user = await db.user.create({ data: { email: `cron-${Math.random()}@example.com` } });
    await db.session.create({ data: { sessionToken: `expired-${user.id}`, userId: user.id, expires: new Date(Date.now() - 60_000) } });
    const response = await call(headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it("runs the job for Vercel Cron and answers what it removed", async () => {
    const user = await db.user.create({ data: { email: "cron-run@example.com" } });
    await db.session.create({ data: { sessionToken: "cron-expired", userId: user.id, expires: new Date(Date.now() - 60_000) } });
    const response = await call({ authorization: `Bearer ${SECRET}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ removed: { sessions: expect.any(Number) }, complete: true });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("who counts as Vercel Cron", () => {
  it("nobody at all while CRON_SECRET is unset (as in a production deploy that forgot it)", async () => {
    const refusal = cronRefusal(new Request("http://localhost:3000/api/cron/maintenance", { headers: { authorization: "Bearer " } }), undefined);
    expect(refusal?.status).toBe(401);
    expect(await refusal?.json()).toMatchObject({ error: { code: "unauthorized", message: expect.stringContaining("CRON_SECRET") } });
    expect(isCronRequest("Bearer ", undefined)).toBe(false);
    expect(isCronRequest("Bearer undefined", undefined)).toBe(false);
    expect(isCronRequest(null, undefined)).toBe(false);
  });

  it("a request with exactly `Bearer <CRON_SECRET>`", () => {
    expect(isCronRequest(`Bearer ${SECRET}`, SECRET)).toBe(true);
    expect(isCronRequest(`Bearer ${SECRET} `, SECRET)).toBe(false);
    expect(isCronRequest(null, SECRET)).toBe(false);
  });
});
