// next-auth's Prisma adapter, with one change: a new user is created together with their free
// subscription, in one nested write (one transaction) — so every user
// has exactly one Subscription row, and no user can exist without it.
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter, AdapterUser } from "next-auth/adapters";
import type { Db } from "@/lib/db";

export function createAuthAdapter(db: Db): Adapter {
  // @auth/prisma-adapter is typed against @prisma/client's default export; the generated client is the same API.
  const adapter = PrismaAdapter(db as never) as unknown as Adapter;
  return {
    ...adapter,
    async createUser({ id, ...data }: AdapterUser) {
      return db.user.create({
        data: { ...data, subscription: { create: {} } },
        select: { id: true, email: true, emailVerified: true, name: true, image: true },
      });
    },
  };
}
