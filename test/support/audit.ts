// What an organization's audit log recorded, as tests compare it: who acted (by id), the action
// and its details, oldest first.
import { getDb } from "@/lib/db";

export async function auditTrail(organizationId: string) {
  return getDb().auditEvent.findMany({
    where: { organizationId },
    select: { actorId: true, action: true, details: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
