// Release 3 of the move to organizations serves before its contract migrations make organizationId
// NOT NULL: this file's database is put back in that state, holding a key release 0 wrote (no
// organization) whose creator the personal organizations backfill has already reached.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayParts, generateApiKey } from "@/lib/api-keys/generate";
import { hashApiKey } from "@/lib/api-keys/hash";
import { verifyApiKey } from "@/lib/api-keys/verify";
import { getDb } from "@/lib/db";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

beforeAll(async () => {
  await db.$executeRawUnsafe(`ALTER TABLE "ApiKey" ALTER COLUMN "organizationId" DROP NOT NULL`);
});

describe("a key from before organizations, not reached by its backfill yet", () => {
  it("acts for its creator's personal organization (by its name and slug), as its owner, under that organization's plan", async () => {
    const creator = await newUser(`before-contract-${Math.random()}@example.com`, { plan: "pro" });
    const key = generateApiKey();
    const { prefix, lastFour } = displayParts(key);
    await db.$executeRaw`INSERT INTO "ApiKey" ("id", "userId", "name", "hashedKey", "prefix", "lastFour")
      VALUES (${`k-${creator.id}`}, ${creator.id}, 'old', ${hashApiKey(key)}, ${prefix}, ${lastFour})`;
    const personal = await db.organization.findUniqueOrThrow({ where: { id: creator.organizationId }, select: { name: true, slug: true } });
    expect(await verifyApiKey(key)).toMatchObject({
      userId: creator.id,
      organizationId: creator.organizationId,
      organization: personal,
      role: "owner",
      plan: { id: "pro" },
    });
  });
});
