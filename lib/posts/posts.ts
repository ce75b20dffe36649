// Posts data access. Every query is scoped to its author: another user's post does not exist.
import { createWithinPlanLimit } from "@/lib/billing/plan-limits";
import { db } from "@/lib/db";
import { personalOrganizationId } from "@/lib/organizations/personal";
import { keysetPage, keysetQuery, type PageQuery } from "@/lib/pagination";
import type { PostCreate, PostListQuery, PostUpdate } from "./schemas.ts";

const columns = { id: true, title: true, content: true, published: true, createdAt: true, updatedAt: true } as const;

export type PostRecord = { id: string; title: string; content: string | null; published: boolean; createdAt: Date; updatedAt: Date };

/** Newest first, in pages; `nextCursor` fetches the page after. */
export async function listPosts(authorId: string, { limit, cursor, published }: PageQuery & Pick<PostListQuery, "published">) {
  const { where, orderBy } = keysetQuery(cursor);
  const rows = await db.post.findMany({
    where: { authorId, ...(published !== undefined && { published: published === "true" }), ...where },
    orderBy,
    take: limit + 1,
    select: columns,
  });
  const { page, nextCursor } = keysetPage(rows, limit);
  return { posts: page, nextCursor };
}

export function getPost(authorId: string, id: string): Promise<PostRecord | null> {
  return db.post.findFirst({ where: { id, authorId }, select: columns });
}

/** Creates a post within the author's plan limit. */
export function createPost(authorId: string, input: PostCreate): Promise<PostRecord> {
  return createWithinPlanLimit(authorId, {
    limit: (plan) => plan.limits.posts,
    noun: "posts",
    count: (tx) => tx.post.count({ where: { authorId } }),
    // The author's organization owns the post (written alongside; reads still go through the author).
    create: async (tx) =>
      tx.post.create({
        data: {
          authorId,
          organizationId: await personalOrganizationId(authorId, tx),
          title: input.title,
          content: input.content ?? null,
          published: input.published ?? false,
        },
        select: columns,
      }),
  });
}

export async function updatePost(authorId: string, id: string, patch: PostUpdate): Promise<PostRecord | null> {
  const { count } = await db.post.updateMany({ where: { id, authorId }, data: patch });
  return count === 0 ? null : getPost(authorId, id);
}

export async function deletePost(authorId: string, id: string): Promise<boolean> {
  const { count } = await db.post.deleteMany({ where: { id, authorId } });
  return count === 1;
}

export function serializePost(post: PostRecord) {
  return { ...post, createdAt: post.createdAt.toISOString(), updatedAt: post.updatedAt.toISOString() };
}
