"use client";

import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-messages";
import { ItemList } from "@/components/ui/item-list";
import { loadMorePostsAction } from "./actions";
import type { PostListItem } from "./list-item";

/** The first page comes from the server; "Load more" appends the next ones through a server action. */
/** `postsPath`: the organization's posts page (/dashboard/<slug>/posts), where each post's own page is. */
export function PostList({ firstPage, nextCursor, postsPath }: { firstPage: PostListItem[]; nextCursor: string | null; postsPath: string }) {
  const [more, setMore] = useState<PostListItem[]>([]);
  const [cursor, setCursor] = useState(nextCursor);
  const [error, setError] = useState("");
  const [pending, startTransition] = useTransition();

  const seen = new Set(firstPage.map((post) => post.id));
  const posts = [...firstPage, ...more.filter((post) => !seen.has(post.id))];

  function loadMore() {
    if (!cursor) return;
    startTransition(async () => {
      const result = await loadMorePostsAction(undefined, { cursor });
      if (result.status !== "ok" || !result.data) {
        setError(result.status === "failed" && result.error ? result.error : "Could not load more posts. Reload the page and try again.");
        return;
      }
      const { posts, nextCursor } = result.data;
      setError("");
      setMore((loaded) => [...loaded, ...posts]);
      setCursor(nextCursor);
    });
  }

  return (
    <div className="space-y-4">
      <ItemList aria-label="Posts">
        {posts.map((post) => (
          <li key={post.id} data-testid="post-row" className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
            <div className="min-w-0 space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium break-words text-foreground" data-testid="post-title">
                  {post.title}
                </span>
                <Badge data-testid="post-status" tone={post.published ? "success" : "neutral"}>
                  {post.published ? "Published" : "Draft"}
                </Badge>
              </div>
              {post.excerpt && <p className="line-clamp-2 text-sm break-words text-muted-foreground">{post.excerpt}</p>}
              <p className="text-xs text-muted-foreground">
                Updated <time dateTime={post.updatedAt}>{post.updatedLabel}</time>
              </p>
            </div>
            <ButtonLink href={`${postsPath}/${post.id}`} variant="secondary" className="shrink-0 self-start">
              Edit<span className="sr-only"> “{post.title}”</span>
            </ButtonLink>
          </li>
        ))}
      </ItemList>
      {cursor && (
        <Button type="button" variant="secondary" onClick={loadMore} disabled={pending}>
          {pending ? "Loading…" : "Load more"}
        </Button>
      )}
      <FormError>{error}</FormError>
    </div>
  );
}
