// Version 0, before the change: reads and writes `name`.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/v0/client.ts";
import type { Authors } from "./authors.ts";

export function connect(url: string): Authors {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  return {
    create: async (email, name) => (await db.author.create({ data: { email, name }, select: { id: true } })).id,
    rename: async (id, name) => void (await db.author.update({ where: { id }, data: { name } })),
    readName: async (id) => (await db.author.findUniqueOrThrow({ where: { id } })).name,
    disconnect: () => db.$disconnect(),
  };
}
