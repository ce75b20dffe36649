import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createPost, deletePost, getPost, listPosts, updatePost } from "@/lib/posts/posts";
import { joinOrganization, newUser } from "@/test/support/users";

const db = getDb();
afterAll(() => db.$disconnect());

const email = (name: string) => `posts-${name}-${Math.random()}@example.com`;

describe("an organization's posts (release 3 of the move to organizations: read through the organization)", () => {
  it("are written with their author and the organization the author acts for", async () => {
    const author = await newUser(email("author"));
    const post = await createPost(author.actor, { title: "Hello" });
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ authorId: author.id, organizationId: author.organizationId });
  });

  it("are read, changed and deleted by the organization, whichever member wrote them", async () => {
    const owner = await newUser(email("owner"));
    const member = await joinOrganization((await newUser(email("member"))).id, owner.organizationId, "member");
    const post = await createPost(member, { title: "By a member" });
    expect((await listPosts(owner.organizationId, { limit: 10 })).posts.map((listed) => listed.id)).toEqual([post.id]);
    expect(await getPost(owner.organizationId, post.id)).toMatchObject({ title: "By a member" });
    expect(await updatePost(owner.organizationId, post.id, { title: "Edited" })).toMatchObject({ title: "Edited" });
    expect(await deletePost(owner.organizationId, post.id)).toBe(true);
  });

  it("do not exist for another organization, even one their author belongs to", async () => {
    const author = await newUser(email("mine"));
    const post = await createPost(author.actor, { title: "Mine" });
    const other = await newUser(email("other"));
    await joinOrganization(author.id, other.organizationId, "admin");
    expect((await listPosts(other.organizationId, { limit: 10 })).posts).toEqual([]);
    expect(await getPost(other.organizationId, post.id)).toBeNull();
    expect(await updatePost(other.organizationId, post.id, { title: "Theirs" })).toBeNull();
    expect(await deletePost(other.organizationId, post.id)).toBe(false);
    expect(await getPost(author.organizationId, post.id)).toMatchObject({ title: "Mine" });
  });

  it("count against the organization's plan, whoever writes them", async () => {
    const owner = await newUser(email("limited"));
    const member = await joinOrganization((await newUser(email("writer"))).id, owner.organizationId, "member");
    await db.post.createMany({ data: Array.from({ length: 10 }, () => ({ authorId: owner.id, organizationId: owner.organizationId, title: "x" })) });
    await expect(createPost(member, { title: "one more" })).rejects.toThrow("Your plan allows 10 posts. Delete some, or upgrade.");
  });
});
