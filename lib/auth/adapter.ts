// next-auth's Prisma adapter, with two changes:
// - a new user is created together with their personal organization (they are its owner) and its
//   free subscription, in one transaction (lib/users/create-user.ts) — so every user has exactly one
//   personal organization and one Subscription row, and no user can exist without them;
// - sessions remember what the sessions list in settings shows (lib/sessions): the browser that
//   signed in, and when the session was last used (written at most every few minutes).
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import type { Db } from "@/lib/db";
import { noteSessionSeen, storedUserAgent } from "@/lib/sessions/sessions";
import { createUser } from "@/lib/users/create-user";

type Options = {
  /** The User-Agent of the request being served (the sign-in's), if any. */
  userAgent?: () => Promise<string | null>;
};

export function createAuthAdapter(db: Db, { userAgent = async () => null }: Options = {}): Adapter {
  // @auth/prisma-adapter is typed against @prisma/client's default export; the generated client is the same API.
  const adapter = PrismaAdapter(db as never) as unknown as Adapter;
  return {
    ...adapter,
    async createUser({ id, ...data }: AdapterUser) {
      return createUser(db, data);
    },
    async createSession(session: AdapterSession) {
      return db.session.create({ data: { ...session, userAgent: storedUserAgent(await userAgent()), lastSeenAt: new Date() } });
    },
    async getSessionAndUser(sessionToken: string) {
      const found = await adapter.getSessionAndUser!(sessionToken);
      if (found) await noteSessionSeen(db, found.session);
      return found;
    },
  };
}
