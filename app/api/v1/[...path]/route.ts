import { ApiError } from "@/lib/api/errors";

// Anything else under /api/v1 answers in the API's error shape, not with an HTML page.
function unknownRoute(request: Request) {
  return new ApiError("not_found", `No API route for ${request.method} ${new URL(request.url).pathname}.`).toResponse();
}

export { unknownRoute as GET, unknownRoute as POST, unknownRoute as PUT, unknownRoute as PATCH, unknownRoute as DELETE };
