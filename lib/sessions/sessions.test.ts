import { afterAll, describe, expect, it } from "vitest";
import { createAuthAdapter } from "@/lib/auth/adapter";
import { getDb } from "@/lib/db";
import { endOtherSessions, endSession, LAST_SEEN_RESOLUTION_MS, listSessions, USER_AGENT_MAX } from "@/lib/sessions/sessions";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let users = 0;
/** A user signed in on each of `userAgents`, through next-auth's adapter as a sign-in would; returns their session tokens in that order. */
async function signedIn(...userAgents: (string | null)[]) {
  const user = await newUser(`sessions-${++users}-${Date.now()}@example.com`);
  const tokens: string[] = [];
  for (const userAgent of userAgents) {
    const adapter = createAuthAdapter(db, { userAgent: async () => userAgent });
    const sessionToken = `token-${user.id}-${tokens.length}`;
    await adapter.createSession!({ sessionToken, userId: user.id, expires: new Date(Date.now() + 86_400_000) });
    tokens.push(sessionToken);
  }
  return { userId: user.id, tokens };
}

describe("a new session", () => {
  it("remembers the browser that signed in (bounded) and when", async () => {
    const { userId } = await signedIn(FIREFOX, `${CHROME} ${"x".repeat(10_000)}`, null);
    const sessions = await db.session.findMany({ where: { userId }, orderBy: { sessionToken: "asc" } });
    expect(sessions.map((session) => session.userAgent?.length ?? null)).toEqual([FIREFOX.length, USER_AGENT_MAX, null]);
    for (const session of sessions) {
      expect(session.createdAt).toBeInstanceOf(Date);
      expect(session.lastSeenAt).toBeInstanceOf(Date);
    }
  });

  it("records when it was last used, at most once per resolution", async () => {
    const { userId, tokens } = await signedIn(FIREFOX);
    const adapter = createAuthAdapter(db);
    const stale = new Date(Date.now() - LAST_SEEN_RESOLUTION_MS - 1000);
    await db.session.updateMany({ where: { userId }, data: { lastSeenAt: stale } });
    await Promise.all(Array.from({ length: 5 }, () => adapter.getSessionAndUser!(tokens[0]!)));
    const seen = (await db.session.findUniqueOrThrow({ where: { sessionToken: tokens[0]! } })).lastSeenAt!;
    expect(seen.getTime()).toBeGreaterThan(stale.getTime());
    await adapter.getSessionAndUser!(tokens[0]!);
    expect((await db.session.findUniqueOrThrow({ where: { sessionToken: tokens[0]! } })).lastSeenAt).toEqual(seen);
  });
});

describe("listSessions", () => {
  it("lists the user's unexpired sessions, this one first, each with its device — no token", async () => {
    const { userId, tokens } = await signedIn(FIREFOX, CHROME, CHROME);
    await db.session.update({ where: { sessionToken: tokens[2]! }, data: { expires: new Date(Date.now() - 1000) } });
    await signedIn(FIREFOX); // someone else's
    const sessions = await listSessions(userId, tokens[1]!);
    expect(sessions).toEqual([
      { id: expect.any(String), device: "Chrome on macOS", createdAt: expect.any(Date), lastSeenAt: expect.any(Date), current: true },
      { id: expect.any(String), device: "Firefox on Windows", createdAt: expect.any(Date), lastSeenAt: expect.any(Date), current: false },
    ]);
    expect(JSON.stringify(sessions)).not.toContain("token-");
  });

  it("shows a session from before sessions were recorded with what it knows", async () => {
    const { userId, tokens } = await signedIn(FIREFOX, null);
    await db.session.update({ where: { sessionToken: tokens[1]! }, data: { createdAt: null, lastSeenAt: null } });
    expect((await listSessions(userId, tokens[0]!))[1]).toMatchObject({ device: "Unknown device", createdAt: null, lastSeenAt: null });
  });
});

describe("ending sessions", () => {
  it("ends another of the user's sessions, and nothing else", async () => {
    const { userId, tokens } = await signedIn(FIREFOX, CHROME);
    const [, other] = await listSessions(userId, tokens[0]!);
    expect(await endSession(userId, other!.id, tokens[0]!)).toBe(true);
    expect(await db.session.findMany({ where: { userId }, select: { sessionToken: true } })).toEqual([{ sessionToken: tokens[0] }]);
    expect(await endSession(userId, other!.id, tokens[0]!)).toBe(false);
  });

  it("never ends another user's session, nor the current one (signing out does)", async () => {
    const victim = await signedIn(FIREFOX);
    const [victimSession] = await listSessions(victim.userId, victim.tokens[0]!);
    const attacker = await signedIn(CHROME);
    expect(await endSession(attacker.userId, victimSession!.id, attacker.tokens[0]!)).toBe(false);
    const [own] = await listSessions(attacker.userId, attacker.tokens[0]!);
    expect(await endSession(attacker.userId, own!.id, attacker.tokens[0]!)).toBe(false);
    expect(await db.session.count({ where: { sessionToken: { in: [victim.tokens[0]!, attacker.tokens[0]!] } } })).toBe(2);
  });

  it("ends every other session of the user at once, keeping this one and other users'", async () => {
    const { userId, tokens } = await signedIn(FIREFOX, CHROME, CHROME, null);
    const bystander = await signedIn(FIREFOX);
    expect(await endOtherSessions(userId, tokens[2]!)).toBe(3);
    expect(await db.session.findMany({ where: { userId }, select: { sessionToken: true } })).toEqual([{ sessionToken: tokens[2] }]);
    expect(await db.session.count({ where: { userId: bystander.userId } })).toBe(1);
  });
});
