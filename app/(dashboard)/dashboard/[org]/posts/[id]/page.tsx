import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { dateTime } from "@/lib/format";
import { getPost } from "@/lib/posts/posts";
import { POST_CONTENT_MAX, POST_TITLE_MAX } from "@/lib/posts/schemas";
import { idParamsSchema } from "@/lib/validation";
import { DeletePostForm } from "./delete-post-form";
import { EditPostForm } from "./edit-post-form";
import { organizationPath } from "@/lib/organizations/paths";

export const metadata: Metadata = { title: "Edit post" };

export default async function EditPostPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const parsed = idParamsSchema.safeParse(await params);
  // Another user's post does not exist either.
  const post = parsed.success ? await getPost(user.actor.organizationId, parsed.data.id) : null;
  if (!post) notFound();

  return (
    <div className="space-y-6">
      <div>
        <Link href={organizationPath(user.organization.slug, "/posts")} className="text-sm font-medium text-brand underline underline-offset-2">
          ← All posts
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Edit post</h1>
        <p className="mt-1 text-sm text-muted-foreground">
          Created <time dateTime={post.createdAt.toISOString()}>{dateTime(post.createdAt)}</time>, last updated{" "}
          <time dateTime={post.updatedAt.toISOString()}>{dateTime(post.updatedAt)}</time>.
        </p>
      </div>
      <Card title="Post">
        <EditPostForm
          id={post.id}
          post={{ title: post.title, content: post.content ?? "", published: post.published }}
          limits={{ title: POST_TITLE_MAX, content: POST_CONTENT_MAX }}
        />
      </Card>
      <Card title="Delete post" description="Permanently delete this post." className="border-destructive/30">
        <DeletePostForm id={post.id} title={post.title} />
      </Card>
    </div>
  );
}
