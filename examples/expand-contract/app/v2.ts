// Version 2, "read new": reads `displayName` (complete after the backfill), still writes both so
// that version 1, running alongside during the rollout, keeps reading correct values.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/v1/client.ts";
import type { Authors } from "./authors.ts";

export function connect(url: string): Authors {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  return {
    create: async (email, name) => (await db.author.create({ data: { email, name, displayName: name }, select: { id: true } })).id,
    rename: async (id, name) => void (await db.author.update({ where: { id }, data: { name, displayName: name } })),
    readName: async (id) => (await db.author.findUniqueOrThrow({ where: { id }, select: { displayName: true } })).displayName,
    disconnect: () => db.$disconnect(),
  };
}
