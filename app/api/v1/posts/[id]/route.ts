import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { deletePost, getPost, serializePost, updatePost } from "@/lib/posts/posts";
import { postIdParamsSchema, postUpdateSchema } from "@/lib/posts/schemas";

// Another user's post answers 404, exactly like a post that does not exist.
export const GET = apiRoute({ params: postIdParamsSchema }, async ({ principal, params }) => {
  const post = await getPost(principal.userId, params.id);
  if (!post) throw notFound("Post");
  return Response.json(serializePost(post));
});

export const PATCH = apiRoute({ params: postIdParamsSchema, body: postUpdateSchema }, async ({ principal, params, body }) => {
  const post = await updatePost(principal.userId, params.id, body);
  if (!post) throw notFound("Post");
  return Response.json(serializePost(post));
});

export const DELETE = apiRoute({ params: postIdParamsSchema }, async ({ principal, params }) => {
  if (!(await deletePost(principal.userId, params.id))) throw notFound("Post");
  return new Response(null, { status: 204 });
});

const notAllowed = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export { notAllowed as POST, notAllowed as PUT };
