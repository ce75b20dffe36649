// Reading and writing the e2e database directly: what a page does not show (ids), and users made without the UI.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { displayParts, generateApiKey } from "../../lib/api-keys/generate.ts";
import { hashApiKey } from "../../lib/api-keys/hash.ts";

/** The id of the user with this email. */
export async function userIdByEmail(email: string): Promise<string> {
  const client = new pg.Client(process.env.E2E_DATABASE_URL);
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
    if (!rows[0]) throw new Error(`no user ${email}`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}

/** A user with an API key and a signed-in session, written straight into the database. */
export async function userWithKeyAndSession() {
  const client = new pg.Client(process.env.E2E_DATABASE_URL);
  await client.connect();
  try {
    const userId = `u${randomBytes(8).toString("hex")}`;
    const key = generateApiKey();
    const sessionToken = randomUUID();
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [userId, `${userId}@example.com`]);
    await client.query(`INSERT INTO "Subscription" (id, "userId", "updatedAt") VALUES ($1, $2, now())`, [`s${userId}`, userId]);
    const { prefix, lastFour } = displayParts(key);
    await client.query(`INSERT INTO "ApiKey" (id, "userId", name, "hashedKey", prefix, "lastFour") VALUES ($1, $2, 'e2e', $3, $4, $5)`, [
      `k${userId}`,
      userId,
      hashApiKey(key),
      prefix,
      lastFour,
    ]);
    await client.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 hour')`, [
      `x${userId}`,
      sessionToken,
      userId,
    ]);
    return { key, cookie: `next-auth.session-token=${sessionToken}` };
  } finally {
    await client.end();
  }
}
