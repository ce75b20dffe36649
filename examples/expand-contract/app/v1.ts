// Version 1, "write both": writes `name` and `displayName`, still reads `name` (older rows have
// no `displayName` until the backfill).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/v1/client.ts";
import type { Authors } from "./authors.ts";

export function connect(url: string): Authors {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  return {
    create: async (email, name) => (await db.author.create({ data: { email, name, displayName: name }, select: { id: true } })).id,
    rename: async (id, name) => void (await db.author.update({ where: { id }, data: { name, displayName: name } })),
    readName: async (id) => (await db.author.findUniqueOrThrow({ where: { id } })).name,
    disconnect: () => db.$disconnect(),
  };
}
