// A flood of made-up API keys through the real /api/v1 route handlers, on this file's own database:
// each address has a budget of failed authentications, and a bad key is not looked up twice.
import { afterAll, describe, expect, it } from "vitest";
import { displayParts, generateApiKey } from "@/lib/api-keys/generate";
import { FAILED_AUTHENTICATIONS } from "@/lib/api-keys/failed-authentications";
import { hashApiKey } from "@/lib/api-keys/hash";
import { verifyApiKey } from "@/lib/api-keys/verify";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/client-ip";
import { getDb } from "@/lib/db";
import { callJson, userWithKey } from "@/test/support/api";
import { newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

let addresses = 0;
const newAddress = () => `192.0.2.${++addresses}`;
const me = (key: string, address: string) => callJson("/api/v1/me", { key, headers: { [CONNECTION_ADDRESS_HEADER]: address } });

/** Gives `key` (never presented before) to a new user, as if it had just been created: only a database lookup can find it. */
async function storeKey(key: string) {
  const user = await newUser(`stored-${Date.now()}-${Math.random()}@example.com`);
  await db.apiKey.create({ data: { userId: user.id, organizationId: user.organizationId, name: "stored", hashedKey: hashApiKey(key), ...displayParts(key) } });
}

describe("failed API authentications", () => {
  it(`refuse an address with 429 after ${FAILED_AUTHENTICATIONS.limit} in a minute, without looking its keys up, while other addresses and its verified keys go on`, async () => {
    const flooding = newAddress();
    const colleague = await userWithKey();
    expect((await me(colleague.key, flooding)).status).toBe(200); // verified, so remembered by this instance

    const statuses = [];
    for (let i = 0; i <= FAILED_AUTHENTICATIONS.limit; i++) statuses.push((await me(generateApiKey(), flooding)).status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(FAILED_AUTHENTICATIONS.limit + 1);

    const guessed = generateApiKey();
    await storeKey(guessed); // a lookup would find it: the 429 proves none is made
    const refused = await me(guessed, flooding);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "rate_limited", message: expect.stringContaining("invalid API key") });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    expect((await me(colleague.key, flooding)).status).toBe(200);
    expect((await me(generateApiKey(), newAddress())).status).toBe(401);
    expect((await me(guessed, newAddress())).status).toBe(200);
  });

  it("remember a key found unknown for the cache's time, so the same bad key costs one lookup", async () => {
    const key = generateApiKey();
    const t0 = new Date();
    expect(await verifyApiKey(key, t0)).toBeNull();
    await storeKey(key);
    expect(await verifyApiKey(key, new Date(t0.getTime() + 5_000))).toBeNull(); // answered from memory
    expect(await verifyApiKey(key, new Date(t0.getTime() + 10_001))).not.toBeNull(); // looked up again
  });
});
