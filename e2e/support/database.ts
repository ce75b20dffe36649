// Reading and writing the e2e database directly, for what a page does not show (ids) and for users
// a test needs at once (no sign-in email round trip).
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { displayParts, generateApiKey } from "../../lib/api-keys/generate.ts";
import { hashApiKey } from "../../lib/api-keys/hash.ts";

async function withClient<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(process.env.E2E_DATABASE_URL);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The id of the user with this email. */
export async function userIdByEmail(email: string): Promise<string> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
    if (!rows[0]) throw new Error(`no user ${email}`);
    return rows[0].id;
  });
}

/** A user with an API key, a signed-in session (its cookie) and one post. */
export async function userWithKeyAndSession() {
  return withClient(async (client) => {
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
    const postId = `p${userId}`;
    await client.query(`INSERT INTO "Post" (id, "authorId", title, "updatedAt") VALUES ($1, $2, 'e2e', now())`, [postId, userId]);
    return { userId, key, cookie: `next-auth.session-token=${sessionToken}`, postId };
  });
}
