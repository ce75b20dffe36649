// Every documented /api/v1 route, by its path in the OpenAPI document (what openapi.json serves).
// `npm run new:feature` adds its routes here; app/api/v1/openapi.json/route.test.ts finds every
// route.ts on disk and fails while one is missing from this list, or listed under the wrong path.
import * as me from "./me/route";
import * as posts from "./posts/route";
import * as post from "./posts/[id]/route";

export const API_ROUTES = {
  "/api/v1/me": me,
  "/api/v1/posts": posts,
  "/api/v1/posts/{id}": post,
};
