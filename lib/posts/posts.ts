// Posts data access. Every query is scoped to the organization that owns the post: another
// organization's post does not exist. A post keeps its author (authorId: who wrote it, deleted with
// them), which no query reads by.
import { createWithinPlanLimit } from "@/lib/billing/plan-limits";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/organizations/permissions";
import { keysetPage, keysetQuery, type PageQuery } from "@/lib/pagination";
import type { PostCreate, PostListQuery, PostUpdate } from "./schemas.ts";

const columns = { id: true, title: true, content: true, published: true, createdAt: true, updatedAt: true } as const;

export type PostRecord = { id: string; title: string; content: string | null; published: boolean; createdAt: Date; updatedAt: Date };

/** Newest first, in pages; `nextCursor` fetches the page after. */
export async function listPosts(organizationId: string, { limit, cursor, published }: PageQuery & Pick<PostListQuery, "published">) {
  const { where, orderBy } = keysetQuery(cursor);
  const rows = await db.post.findMany({
    where: { organizationId, ...(published !== undefined && { published: published === "true" }), ...where },
    orderBy,
    take: limit + 1,
    select: columns,
  });
  const { page, nextCursor } = keysetPage(rows, limit);
  return { posts: page, nextCursor };
}

export function getPost(organizationId: string, id: string): Promise<PostRecord | null> {
  return db.post.findFirst({ where: { id, organizationId }, select: columns });
}

/** Creates a post of the actor's organization, written by the actor, within the organization's plan limit. */
export function createPost({ userId, organizationId }: Pick<Actor, "userId" | "organizationId">, input: PostCreate): Promise<PostRecord> {
  return createWithinPlanLimit(organizationId, {
    limit: (plan) => plan.limits.posts,
    noun: "posts",
    count: (tx) => tx.post.count({ where: { organizationId } }),
    create: (tx) =>
      tx.post.create({
        data: {
          authorId: userId,
          organizationId,
          title: input.title,
          content: input.content ?? null,
          published: input.published ?? false,
        },
        select: columns,
      }),
  });
}

export async function updatePost(organizationId: string, id: string, patch: PostUpdate): Promise<PostRecord | null> {
  const { count } = await db.post.updateMany({ where: { id, organizationId }, data: patch });
  return count === 0 ? null : getPost(organizationId, id);
}

export async function deletePost(organizationId: string, id: string): Promise<boolean> {
  const { count } = await db.post.deleteMany({ where: { id, organizationId } });
  return count === 1;
}

export function serializePost(post: PostRecord) {
  return { ...post, createdAt: post.createdAt.toISOString(), updatedAt: post.updatedAt.toISOString() };
}
