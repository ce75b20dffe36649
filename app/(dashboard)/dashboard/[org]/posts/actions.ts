"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { UserFacingError } from "@/lib/errors";
import { createPost, deletePost, listPosts, updatePost } from "@/lib/posts/posts";
import { postCreateSchema, postListQuerySchema } from "@/lib/posts/schemas";
import { userAction } from "@/lib/user-action";
import { idParamsSchema } from "@/lib/validation";
import { POSTS_PAGE_SIZE, toListItem } from "./list-item";
import { organizationPath } from "@/lib/organizations/paths";

/** The form as the shared schemas expect it: a checkbox is a boolean, empty content is null. */
function postFields(form: FormData) {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return { title: text("title"), content: text("content").trim() === "" ? null : text("content"), published: form.has("published") };
}

export const createPostAction = userAction({ schema: postCreateSchema, fromForm: postFields, permission: "posts.write" }, async (input, user) => {
  const post = await createPost(user.actor, input);
  revalidatePath("/dashboard/[org]/posts", "page");
  return { title: post.title };
});

// The edit form sends every field, and the post's id in a hidden one.
export const updatePostAction = userAction(
  { schema: postCreateSchema.extend(idParamsSchema.shape), fromForm: (form) => ({ ...postFields(form), id: form.get("id") }), permission: "posts.write" },
  async ({ id, ...patch }, user) => {
    const post = await updatePost(user.actor.organizationId, id, patch);
    if (!post) throw new UserFacingError("This post no longer exists.");
    revalidatePath("/dashboard/[org]/posts", "layout");
    return { title: post.title };
  },
);

export const deletePostAction = userAction({ schema: idParamsSchema, permission: "posts.write" }, async ({ id }, user) => {
  // Deleting a post that is already gone ends where the user wanted: back at the list without it.
  await deletePost(user.actor.organizationId, id);
  revalidatePath("/dashboard/[org]/posts", "layout");
  redirect(organizationPath(user.organization.slug, "/posts?deleted=1"));
});

export const loadMorePostsAction = userAction({ schema: z.object({ cursor: postListQuerySchema.shape.cursor.unwrap() }) }, async ({ cursor }, user) => {
  const { posts, nextCursor } = await listPosts(user.actor.organizationId, { limit: POSTS_PAGE_SIZE, cursor });
  return { posts: posts.map(toListItem), nextCursor };
});
