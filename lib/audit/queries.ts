// Reads of the append-only audit log.
import "server-only";
import { db } from "@/lib/db/client";

export async function listAuditEventsForEntity(tenantId: string, entityType: string, entityId: string) {
  return db().auditEvent.findMany({
    where: { tenantId, entityType, entityId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, eventType: true, payload: true, actor: true, source: true, createdAt: true },
  });
}
