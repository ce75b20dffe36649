// Posts data access. Every query is scoped to its author: another user's post does not exist.
import { z } from "zod";
import { getPlan } from "@/lib/billing/plans";
import { db } from "@/lib/db";
import { UserFacingError } from "@/lib/errors";
import { recordId, storableInstant } from "@/lib/validation";
import type { PostCreate, PostListQuery, PostUpdate } from "./schemas.ts";

const columns = { id: true, title: true, content: true, published: true, createdAt: true, updatedAt: true } as const;

export type PostRecord = { id: string; title: string; content: string | null; published: boolean; createdAt: Date; updatedAt: Date };

export class PostLimitError extends UserFacingError {
  override name = "PostLimitError";
}
export class InvalidCursorError extends UserFacingError {
  override name = "InvalidCursorError";
}

/** Newest first, in pages; `nextCursor` fetches the page after. */
export async function listPosts(authorId: string, { limit, cursor, published }: Pick<PostListQuery, "limit" | "cursor" | "published">) {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const posts = await db.post.findMany({
    where: {
      authorId,
      ...(published !== undefined && { published: published === "true" }),
      ...(after && { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: columns,
  });
  const page = posts.slice(0, limit);
  const last = page.at(-1);
  return { posts: page, nextCursor: posts.length > limit && last ? encodeCursor(last) : null };
}

export function getPost(authorId: string, id: string): Promise<PostRecord | null> {
  return db.post.findFirst({ where: { id, authorId }, select: columns });
}

/** Creates a post within the author's plan limit (checked under a lock, so concurrent creates cannot exceed it). */
export async function createPost(authorId: string, input: PostCreate): Promise<PostRecord> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${authorId} FOR UPDATE`;
    const subscription = await tx.subscription.findUnique({ where: { userId: authorId }, select: { plan: true } });
    const { posts: limit } = getPlan(subscription?.plan).limits;
    if ((await tx.post.count({ where: { authorId } })) >= limit) {
      throw new PostLimitError(`Your plan allows ${limit} posts. Delete some, or upgrade.`);
    }
    return tx.post.create({ data: { authorId, title: input.title, content: input.content ?? null, published: input.published ?? false }, select: columns });
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

function encodeCursor(post: PostRecord) {
  return Buffer.from(JSON.stringify([post.createdAt.toISOString(), post.id])).toString("base64url");
}

// What encodeCursor writes; a cursor is client input like any other, so its date and id are
// checked before they reach a query.
const cursorSchema = z.tuple([storableInstant(), recordId()]);

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidCursorError("The cursor is not valid: use the nextCursor of a previous page.");
  const [createdAt, id] = parsed.data;
  return { createdAt, id };
}
