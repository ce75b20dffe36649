import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { notFound } from "@/lib/api/errors";
import { deletePost, getPost, serializePost, updatePost } from "@/lib/posts/posts";
import { postSchema, postUpdateSchema } from "@/lib/posts/schemas";
import { idParamsSchema } from "@/lib/validation";

// Another organization's post answers 404, exactly like a post that does not exist.
export const GET = apiRoute(
  { summary: "Get one of your posts", operationId: "getPost", params: idParamsSchema, success: { status: 200, description: "The post", body: postSchema } },
  async ({ principal, params }) => {
    const post = await getPost(principal.organizationId, params.id);
    if (!post) throw notFound("Post");
    return Response.json(serializePost(post));
  },
);

export const PATCH = apiRoute(
  {
    summary: "Change one of your posts",
    operationId: "updatePost",
    permission: "posts.write",
    params: idParamsSchema,
    body: postUpdateSchema,
    success: { status: 200, description: "The updated post", body: postSchema },
  },
  async ({ principal, params, body }) => {
    const post = await updatePost(principal.organizationId, params.id, body);
    if (!post) throw notFound("Post");
    return Response.json(serializePost(post));
  },
);

export const DELETE = apiRoute(
  {
    summary: "Delete one of your posts",
    operationId: "deletePost",
    permission: "posts.write",
    params: idParamsSchema,
    success: { status: 204, description: "Deleted" },
  },
  async ({ principal, params }) => {
    if (!(await deletePost(principal.organizationId, params.id))) throw notFound("Post");
    return new Response(null, { status: 204 });
  },
);

const notAllowed = methodNotAllowed(["GET", "PATCH", "DELETE"]);
export { notAllowed as POST, notAllowed as PUT };
