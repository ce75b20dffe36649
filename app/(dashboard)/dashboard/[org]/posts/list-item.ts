// What the posts list shows of a post, formatted on the server (the same text for the first page,
// rendered here, and for the pages "Load more" fetches through a server action).
import { dateTime } from "@/lib/format";
import type { PostRecord } from "@/lib/posts/posts";

export const POSTS_PAGE_SIZE = 50;
const EXCERPT_LENGTH = 160;

export type PostListItem = { id: string; title: string; excerpt: string | null; published: boolean; updatedAt: string; updatedLabel: string };

export function toListItem(post: PostRecord): PostListItem {
  const content = post.content?.replace(/\s+/g, " ").trim();
  return {
    id: post.id,
    title: post.title,
    excerpt: content ? (content.length > EXCERPT_LENGTH ? `${content.slice(0, EXCERPT_LENGTH)}…` : content) : null,
    published: post.published,
    updatedAt: post.updatedAt.toISOString(),
    updatedLabel: dateTime(post.updatedAt),
  };
}
