// The bench's data, written through the project's own code (test/support/api.ts's userWithKey and
// lib/api-keys' createApiKey), in the bench process, on a Prisma client of its own that is tagged
// with an application_name so connection counts can leave it out.
import { getDb } from "@/lib/db";
import { newUser, userWithKey } from "../../test/harness.ts";

export const POSTS_PER_USER = 20;

/**
 * Pro users, each with one key and POSTS_PER_USER posts. The API's limits are per user (1,000
 * requests a minute, and a share of the pool in flight): the load rotates over the users' keys, so
 * the limits stay out of the measurement as long as users × 1,000 exceeds the requests sent in any
 * one minute and there are more users than connections.
 */
export async function seedApiUsers(users: number): Promise<{ keys: string[]; userIds: string[] }> {
  const keys: string[] = [];
  const userIds: string[] = [];
  for (let i = 0; i < users; i++) {
    const { user, key } = await userWithKey("pro");
    userIds.push(user.id);
    keys.push(key);
    const base = Date.now() - POSTS_PER_USER * 60_000;
    await getDb().post.createMany({
      data: Array.from({ length: POSTS_PER_USER }, (_, p) => ({
        authorId: user.id,
        organizationId: user.organizationId,
        title: `Bench post ${p + 1}`,
        content: `A post of realistic length for the list endpoint. `.repeat(4),
        published: p % 2 === 0,
        createdAt: new Date(base + p * 60_000),
      })),
    });
  }
  return { keys, userIds };
}

/** Users whose Subscription row is already linked to a Stripe customer (as after a checkout). */
/** `run` names the customers (`cus_<run>_<i>`), unique per database. */
export async function seedBillingUsers(count: number, run: string): Promise<{ userId: string; customerId: string }[]> {
  const users: { userId: string; customerId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const customerId = `cus_${run}_${i}`;
    const user = await newUser(`billing-${i}-${Date.now()}@example.com`, { plan: "free", stripeCustomerId: customerId });
    users.push({ userId: user.id, customerId });
  }
  return users;
}

export async function disconnectSeedClient() {
  await getDb().$disconnect();
}
