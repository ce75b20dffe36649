// Demo data for development: safe to run any number of times (`npm run db:seed`; `npm run dev`
// runs it on the embedded database).
import { getDb } from "@/lib/db";

const DEMO_EMAIL = "demo@example.com";

async function seed() {
  const db = getDb();
  const user = await db.user.upsert({
    where: { email: DEMO_EMAIL },
    update: {},
    create: { email: DEMO_EMAIL, name: "Demo User", subscription: { create: {} } },
  });
  if ((await db.post.count({ where: { authorId: user.id } })) === 0) {
    await db.post.createMany({
      data: [
        { authorId: user.id, title: "Welcome to your SaaS", content: "This post comes from prisma/seed.ts.", published: true },
        { authorId: user.id, title: "A draft", content: "Drafts are visible only to their author." },
      ],
    });
  }
  return user;
}

const user = await seed();
console.log(`Seeded ${user.email}`);
await getDb().$disconnect();
