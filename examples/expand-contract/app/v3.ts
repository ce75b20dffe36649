// Version 3, the contract: its schema no longer has `name`, so it neither reads nor writes it.
// Once no older version runs, the column can be dropped.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/v3/client.ts";
import type { Authors } from "./authors.ts";

export function connect(url: string): Authors {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  return {
    create: async (email, displayName) => (await db.author.create({ data: { email, displayName }, select: { id: true } })).id,
    rename: async (id, displayName) => void (await db.author.update({ where: { id }, data: { displayName } })),
    readName: async (id) => (await db.author.findUniqueOrThrow({ where: { id } })).displayName,
    disconnect: () => db.$disconnect(),
  };
}
