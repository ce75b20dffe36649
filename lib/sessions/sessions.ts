// A user's signed-in sessions (next-auth database sessions, one per browser that signed in): list
// them, end one, or end every other. Owner-scoped: every query names the user, and the session the
// request comes from is told apart by its token, which never leaves the server (a session is named
// by its id in pages and forms).
import { z } from "zod";
import { db, type Db } from "@/lib/db";
import { recordId } from "@/lib/validation";
import { describeDevice } from "./device.ts";

/** What is kept of a browser's User-Agent: enough to name the device, bounded whatever a client sends. */
export const USER_AGENT_MAX = 512;
/** Last seen is written at most this often per session, so that reading a session stays a read. */
export const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

export const endSessionSchema = z.object({ sessionId: recordId() });

export type SessionSummary = {
  id: string;
  device: string;
  /** Null for a session from before the app recorded it. */
  createdAt: Date | null;
  lastSeenAt: Date | null;
  /** The session this request comes from. */
  current: boolean;
};

/** The user's sessions that have not expired: this one first, then the most recently used. */
export async function listSessions(userId: string, currentToken: string, now = new Date()): Promise<SessionSummary[]> {
  const sessions = await db.session.findMany({
    where: { userId, expires: { gt: now } },
    select: { id: true, sessionToken: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
  const summaries = sessions.map((session) => ({
    id: session.id,
    device: describeDevice(session.userAgent),
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    current: session.sessionToken === currentToken,
  }));
  const lastActive = (session: SessionSummary) => (session.lastSeenAt ?? session.createdAt)?.getTime() ?? 0;
  return summaries.sort((a, b) => Number(b.current) - Number(a.current) || lastActive(b) - lastActive(a) || (a.id < b.id ? -1 : 1));
}

/** Ends one of the user's other sessions: that browser is signed out on its next request. False if there is no such session. */
export async function endSession(userId: string, sessionId: string, currentToken: string): Promise<boolean> {
  // The current session is ended by signing out, which also clears its cookie.
  const { count } = await db.session.deleteMany({ where: { id: sessionId, userId, sessionToken: { not: currentToken } } });
  return count === 1;
}

/** Ends every session of the user but the current one; returns how many ended. */
export async function endOtherSessions(userId: string, currentToken: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId, sessionToken: { not: currentToken } } });
  return count;
}

/** The User-Agent to keep for a new session: bounded, and nothing for an empty one. */
export function storedUserAgent(userAgent: string | null | undefined): string | null {
  return userAgent?.trim().slice(0, USER_AGENT_MAX) || null;
}

/** Records that a session was used now, unless that was recorded less than LAST_SEEN_RESOLUTION_MS ago. */
export async function noteSessionSeen(client: Db, session: { sessionToken: string; lastSeenAt?: Date | null }, now = new Date()) {
  const staleBefore = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
  if (session.lastSeenAt && session.lastSeenAt > staleBefore) return;
  // Conditional, so concurrent requests of one session write once between them.
  await client.session.updateMany({
    where: { sessionToken: session.sessionToken, OR: [{ lastSeenAt: null }, { lastSeenAt: { lte: staleBefore } }] },
    data: { lastSeenAt: now },
  });
}
