// Demo data for development: safe to run any number of times (`npm run db:seed`; `npm run dev`
// runs it on the embedded database).
import { getDb } from "@/lib/db";
import { personalOrganizationId } from "@/lib/organizations/personal";
import { createUser } from "@/lib/users/create-user";

const DEMO_EMAIL = "demo@example.com";

async function seed() {
  const db = getDb();
  // Created as sign-up creates users: with their personal organization and its free subscription.
  const user = (await db.user.findUnique({ where: { email: DEMO_EMAIL } })) ?? (await createUser(db, { email: DEMO_EMAIL, name: "Demo User" }));
  const organizationId = await personalOrganizationId(user.id, db);
  // `npm run dev` runs the backfills before seeding: only a database they have not run on lacks it.
  if (!organizationId) throw new Error(`${DEMO_EMAIL} has no personal organization yet: run \`npm run db:backfill\` first.`);
  if ((await db.post.count({ where: { organizationId } })) === 0) {
    await db.post.createMany({
      data: [
        { authorId: user.id, organizationId, title: "Welcome to your SaaS", content: "This post comes from prisma/seed.ts.", published: true },
        { authorId: user.id, organizationId, title: "A draft", content: "Drafts are visible only to their author." },
      ],
    });
  }
  return user;
}

const user = await seed();
console.log(`Seeded ${user.email}`);
await getDb().$disconnect();
