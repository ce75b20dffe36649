import { apiRoute, methodNotAllowed } from "@/lib/api/handler";
import { meSchema } from "@/lib/api/schemas";

export const GET = apiRoute(
  {
    summary: "The key's user, the organization it acts for and with which role, and its plan and limits",
    operationId: "getMe",
    success: { status: 200, description: "The user and their organization", body: meSchema },
  },
  async ({ principal }) =>
    Response.json({
      id: principal.userId,
      email: principal.email,
      plan: principal.plan.id,
      limits: principal.plan.limits,
      organization: { id: principal.organizationId, ...principal.organization },
      role: principal.role,
    }),
);

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
