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

/** A user with their personal organization (its owner), an API key, a signed-in session (its cookie) and one post. */
export async function userWithKeyAndSession() {
  return withClient(async (client) => {
    const userId = `u${randomBytes(8).toString("hex")}`;
    const key = generateApiKey();
    const sessionToken = randomUUID();
    await client.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ($1, $2, now())`, [userId, `${userId}@example.com`]);
    const organizationId = `o${userId}`;
    await client.query(`INSERT INTO "Organization" (id, name, slug, "personalOwnerId") VALUES ($1, $2, $1, $3)`, [
      organizationId,
      `${userId}'s organization`,
      userId,
    ]);
    await client.query(`INSERT INTO "Membership" (id, "organizationId", "userId", role) VALUES ($1, $2, $3, 'owner')`, [`m${userId}`, organizationId, userId]);
    await client.query(`INSERT INTO "Subscription" (id, "organizationId", "updatedAt") VALUES ($1, $2, now())`, [`s${userId}`, organizationId]);
    const { prefix, lastFour } = displayParts(key);
    await client.query(`INSERT INTO "ApiKey" (id, "userId", "organizationId", name, "hashedKey", prefix, "lastFour") VALUES ($1, $2, $3, 'e2e', $4, $5, $6)`, [
      `k${userId}`,
      userId,
      organizationId,
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
    await client.query(`INSERT INTO "Post" (id, "authorId", "organizationId", title, "updatedAt") VALUES ($1, $2, $3, 'e2e', now())`, [
      postId,
      userId,
      organizationId,
    ]);
    // The organization's id is also its slug: its dashboard is /dashboard/<organizationId>.
    return { userId, key, cookie: `next-auth.session-token=${sessionToken}`, postId, organizationSlug: organizationId };
  });
}
