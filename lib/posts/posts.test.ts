import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { personalOrganizationId } from "@/lib/organizations/personal";
import { createPost, listPosts } from "@/lib/posts/posts";
import { createUser } from "@/lib/users/create-user";

const db = getDb();
afterAll(() => db.$disconnect());

describe("the organization of a new post (release 1 of the move to organizations: written, not yet read)", () => {
  it("is its author's personal organization, written alongside the author", async () => {
    const author = await createUser(db, { email: `posts-org-${Math.random()}@example.com` });
    const post = await createPost(author.id, { title: "Hello" });
    const stored = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    expect(stored).toMatchObject({ authorId: author.id, organizationId: await personalOrganizationId(author.id) });
    expect(stored.organizationId).not.toBeNull();
  });

  it("stays empty for an author from before organizations, whose posts still list the same (the backfill fills it in)", async () => {
    const author = await db.user.create({ data: { email: `posts-before-${Math.random()}@example.com`, subscription: { create: {} } } });
    const post = await createPost(author.id, { title: "Hello" });
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ authorId: author.id, organizationId: null });
    expect((await listPosts(author.id, { limit: 10 })).posts.map((listed) => listed.id)).toEqual([post.id]);
  });
});
