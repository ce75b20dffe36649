import { openApiDocument } from "@/lib/api/openapi";
import { API_ROUTES } from "../routes";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument(API_ROUTES));
}
