import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { createPost, listPosts, serializePost } from "@/lib/posts/posts";
import { postCreateSchema, postListQuerySchema } from "@/lib/posts/schemas";

export const GET = apiRoute({ query: postListQuerySchema }, async ({ principal, query }) => {
  const { posts, nextCursor } = await listPosts(principal.userId, query);
  return Response.json({ data: posts.map(serializePost), nextCursor });
});

export const POST = apiRoute({ body: postCreateSchema }, async ({ principal, body }) => {
  const post = await createPost(principal.userId, body);
  return Response.json(serializePost(post), { status: 201, headers: { Location: `/api/v1/posts/${post.id}` } });
});

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
