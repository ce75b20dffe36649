"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { createPost, deletePost, InvalidCursorError, listPosts, PostLimitError, updatePost } from "@/lib/posts/posts";
import { postCreateSchema, postIdParamsSchema, postListQuerySchema, postUpdateSchema } from "@/lib/posts/schemas";
import { POSTS_PAGE_SIZE, toListItem, type PostListItem } from "./list-item";

export type PostFormValues = { title: string; content: string; published: boolean };

export type PostFormState = {
  status: "idle" | "saved" | "invalid" | "failed";
  fieldErrors?: Partial<Record<keyof PostFormValues, string[]>>;
  /** A message about the whole form: the plan's limit, a post that no longer exists. */
  error?: string;
  /** What was submitted, to keep in the fields when it is refused. */
  values?: PostFormValues;
  /** The title of the post just created or saved. */
  title?: string;
};

/** The form as the shared schemas expect it: a checkbox is a boolean, empty content is null. */
function readForm(formData: FormData) {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const values: PostFormValues = { title: text("title"), content: text("content"), published: formData.has("published") };
  return { values, input: { title: values.title, content: values.content.trim() === "" ? null : values.content, published: values.published } };
}

function invalid(error: z.ZodError, values: PostFormValues): PostFormState {
  const { formErrors, fieldErrors } = z.flattenError(error);
  return { status: "invalid", fieldErrors: fieldErrors as PostFormState["fieldErrors"], error: formErrors[0], values };
}

const postId = postIdParamsSchema.shape.id;

export async function createPostAction(_previous: PostFormState, formData: FormData): Promise<PostFormState> {
  const user = await requireUser();
  const { values, input } = readForm(formData);
  const parsed = postCreateSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, values);
  try {
    const post = await createPost(user.id, parsed.data);
    revalidatePath("/dashboard/posts");
    return { status: "saved", title: post.title };
  } catch (error) {
    if (error instanceof PostLimitError) return { status: "failed", error: error.message, values };
    throw error;
  }
}

export async function updatePostAction(id: string, _previous: PostFormState, formData: FormData): Promise<PostFormState> {
  const user = await requireUser();
  const { values, input } = readForm(formData);
  const parsed = postUpdateSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error, values);
  const post = postId.safeParse(id).success ? await updatePost(user.id, id, parsed.data) : null;
  if (!post) return { status: "failed", error: "This post no longer exists.", values };
  revalidatePath("/dashboard/posts", "layout");
  return { status: "saved", title: post.title };
}

export async function deletePostAction(id: string, _previous: PostFormState): Promise<PostFormState> {
  const user = await requireUser();
  // Deleting a post that is already gone ends where the user wanted: back at the list without it.
  if (postId.safeParse(id).success) await deletePost(user.id, id);
  revalidatePath("/dashboard/posts", "layout");
  redirect("/dashboard/posts?deleted=1");
}

export type LoadMoreResult = { ok: true; posts: PostListItem[]; nextCursor: string | null } | { ok: false; error: string };

const cursorSchema = postListQuerySchema.shape.cursor.unwrap();

export async function loadMorePostsAction(cursor: string): Promise<LoadMoreResult> {
  const user = await requireUser();
  const parsed = cursorSchema.safeParse(cursor);
  if (!parsed.success) return { ok: false, error: "Could not load more posts. Reload the page and try again." };
  try {
    const { posts, nextCursor } = await listPosts(user.id, { limit: POSTS_PAGE_SIZE, cursor: parsed.data });
    return { ok: true, posts: posts.map(toListItem), nextCursor };
  } catch (error) {
    if (error instanceof InvalidCursorError) return { ok: false, error: "Could not load more posts. Reload the page and try again." };
    throw error;
  }
}
