import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { getPlan } from "@/lib/billing/plans";
import { listPosts } from "@/lib/posts/posts";
import { POST_CONTENT_MAX, POST_TITLE_MAX } from "@/lib/posts/schemas";
import { POSTS_PAGE_SIZE, toListItem } from "./list-item";
import { NewPostForm } from "./new-post-form";
import { PostList } from "./post-list";

export const metadata: Metadata = { title: "Posts" };

export default async function PostsPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireUser();
  const { deleted } = await searchParams;
  const plan = getPlan(user.subscription?.plan);
  const { posts, nextCursor } = await listPosts(user.id, { limit: POSTS_PAGE_SIZE });
  const firstPage = posts.map(toListItem);
  const limit = plan.limits.posts.toLocaleString("en-US");
  // Without a next page, the first page is all of them.
  const usage = nextCursor ? `Up to ${limit} posts on the ${plan.name} plan.` : `${posts.length} of ${limit} posts on the ${plan.name} plan.`;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Posts</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          The example product feature: your posts, also available through the{" "}
          <Link href="/dashboard/api-keys" className="font-medium text-brand underline underline-offset-2">
            API
          </Link>{" "}
          at <code className="font-mono">/api/v1/posts</code>.
        </p>
      </div>
      {deleted && (
        <p role="status" className="rounded-md bg-muted p-4 text-sm text-foreground">
          Post deleted.
        </p>
      )}

      <Card title="New post" description={<span data-testid="post-usage">{usage}</span>}>
        <NewPostForm limits={{ title: POST_TITLE_MAX, content: POST_CONTENT_MAX }} />
      </Card>

      <Card title="Your posts">
        {firstPage.length === 0 ? (
          <p data-testid="posts-empty" className="rounded-md border border-dashed border-input p-6 text-center text-sm text-muted-foreground">
            No posts yet. Write your first one above.
          </p>
        ) : (
          // Remounted when the first page changes (a post created), so pages loaded before start over.
          <PostList key={`${firstPage[0]?.id}:${firstPage.length}:${nextCursor}`} firstPage={firstPage} nextCursor={nextCursor} />
        )}
      </Card>
    </div>
  );
}
