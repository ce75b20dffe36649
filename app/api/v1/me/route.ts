import { apiRoute, methodNotAllowed } from "@/lib/api/handler";

export const GET = apiRoute({}, async ({ principal }) =>
  Response.json({ id: principal.userId, email: principal.email, plan: principal.plan.id, limits: principal.plan.limits }),
);

const notAllowed = methodNotAllowed(["GET"]);
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
