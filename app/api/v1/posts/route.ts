import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { createPost, listPosts, serializePost } from "@/lib/posts/posts";
import { postCreateSchema, postListQuerySchema, postPageSchema, postSchema } from "@/lib/posts/schemas";

export const GET = apiRoute(
  {
    summary: "List your posts, newest first",
    operationId: "listPosts",
    query: postListQuerySchema,
    success: { status: 200, description: "A page of posts", body: postPageSchema },
  },
  async ({ principal, query }) => {
    const { posts, nextCursor } = await listPosts(principal.organizationId, query);
    return Response.json({ data: posts.map(serializePost), nextCursor });
  },
);

export const POST = apiRoute(
  {
    summary: "Create a post",
    operationId: "createPost",
    permission: "posts.write",
    body: postCreateSchema,
    success: { status: 201, description: "The new post", body: postSchema },
  },
  async ({ principal, body }) => {
    const post = await createPost(principal, body);
    return Response.json(serializePost(post), { status: 201, headers: { Location: `/api/v1/posts/${post.id}` } });
  },
);

const notAllowed = methodNotAllowed(["GET", "POST"]);
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
