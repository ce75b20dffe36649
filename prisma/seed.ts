// Demo data for development: safe to run any number of times (`npm run db:seed`; `npm run dev`
// runs it on the embedded database).
import { getDb, type Db } from "@/lib/db";
import { firstFreeSlug, personalOrganizationId } from "@/lib/organizations/personal";
import { slugCandidates } from "@/lib/organizations/slug";
import { createUser } from "@/lib/users/create-user";

const DEMO_EMAIL = "demo@example.com";
const TEAMMATE_EMAIL = "teammate@example.com";
const DEMO_TEAM = { name: "Acme", slug: "acme" };

async function seed() {
  const db = getDb();
  const user = await demoUser(db, DEMO_EMAIL, "Demo User");
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
  const teammate = await demoUser(db, TEAMMATE_EMAIL, "Demo Teammate");
  const team = await demoTeam(db, user.id, teammate.id);
  return { users: [user, teammate], team };
}

/** Created as sign-up creates users: with their personal organization and its free subscription. */
async function demoUser(db: Db, email: string, name: string) {
  return (await db.user.findUnique({ where: { email } })) ?? (await createUser(db, { email, name }));
}

/**
 * A team of two: the demo user its owner, the teammate a member, each reaching it at
 * /dashboard/<its slug> through the organization switcher, with a free subscription of its own (an
 * organization's, like every subscription).
 */
async function demoTeam(db: Db, ownerId: string, memberId: string) {
  const team = await findOrCreateDemoTeam(db, ownerId, memberId);
  // A team seeded before it had a subscription gets it now.
  await db.subscription.upsert({ where: { organizationId: team.id }, create: { organizationId: team.id }, update: {} });
  return team;
}

async function findOrCreateDemoTeam(db: Db, ownerId: string, memberId: string) {
  // Found by its owner, not by its slug: a personal organization may hold "acme" already (anyone
  // named Acme who signed up first: no valid slug is out of a personal organization's reach), and
  // then the team takes the next free one (acme-2, …). Members removed from it stay removed.
  const existing = await db.organization.findFirst({
    where: { name: DEMO_TEAM.name, personalOwnerId: null, memberships: { some: { userId: ownerId, role: "owner" } } },
    select: { id: true, name: true, slug: true },
  });
  if (existing) return existing;
  return db.organization.create({
    data: {
      name: DEMO_TEAM.name,
      slug: await firstFreeSlug(db, slugCandidates(DEMO_TEAM.slug)),
      memberships: {
        create: [
          { userId: ownerId, role: "owner" },
          { userId: memberId, role: "member" },
        ],
      },
    },
    select: { id: true, name: true, slug: true },
  });
}

const { users, team } = await seed();
console.log(`Seeded ${users.map((user) => user.email).join(" and ")}, members of ${team.name} (${team.slug})`);
await getDb().$disconnect();
