import type { Metadata } from "next";
import Link from "next/link";
import { PlanLimitNotice } from "@/components/dashboard/plan-limit-notice";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/item-list";
import { requireUser } from "@/lib/auth/session";
import { formatCount } from "@/lib/format";
import { listPosts } from "@/lib/posts/posts";
import { POST_CONTENT_MAX, POST_TITLE_MAX } from "@/lib/posts/schemas";
import { getAllowances, isAtLimit } from "@/lib/usage/usage";
import { POSTS_PAGE_SIZE, toListItem } from "./list-item";
import { NewPostForm } from "./new-post-form";
import { PostList } from "./post-list";
import { organizationPath } from "@/lib/organizations/paths";

export const metadata: Metadata = { title: "Posts" };

export default async function PostsPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireUser();
  const { deleted } = await searchParams;
  const [{ posts, nextCursor }, { plan, posts: allowance }] = await Promise.all([
    listPosts(user.actor.organizationId, { limit: POSTS_PAGE_SIZE }),
    getAllowances(user.actor.organizationId),
  ]);
  const firstPage = posts.map(toListItem);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Posts</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          The example product feature: your posts, also available through the{" "}
          <Link href={organizationPath(user.organization.slug, "/api-keys")} className="font-medium text-brand underline underline-offset-2">
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

      <Card
        title="New post"
        description={
          <span data-testid="post-usage">
            {formatCount(allowance.used)} of {formatCount(allowance.limit)} posts on the {plan.name} plan.
          </span>
        }
      >
        <div className="space-y-4">
          <PlanLimitNotice allowance={allowance} plan={plan} noun="posts" makeRoom="Delete one" organization={user.organization.slug} />
          <NewPostForm limits={{ title: POST_TITLE_MAX, content: POST_CONTENT_MAX }} atLimit={isAtLimit(allowance)} />
        </div>
      </Card>

      <Card title="Your posts">
        {firstPage.length === 0 ? (
          <EmptyState data-testid="posts-empty">No posts yet. Write your first one above.</EmptyState>
        ) : (
          // Remounted when the first page changes (a post created), so pages loaded before start over.
          <PostList
            key={`${firstPage[0]?.id}:${firstPage.length}:${nextCursor}`}
            firstPage={firstPage}
            nextCursor={nextCursor}
            postsPath={organizationPath(user.organization.slug, "/posts")}
          />
        )}
      </Card>
    </div>
  );
}
