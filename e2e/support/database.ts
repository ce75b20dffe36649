// Reading the e2e database directly, for what a page does not show (ids).
import pg from "pg";

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
