// Appends to the audit log. Callers pass their transaction so a change and its audit event
// commit together; the table itself refuses UPDATE and DELETE.
import type { Prisma } from "@/lib/db/generated/client";

type AuditWriter = Pick<Prisma.TransactionClient, "auditEvent">;

export interface AuditEventInput {
  entityType: "invoice" | "customer" | "subscription" | "failure_envelope" | "tenant" | "user" | (string & {});
  entityId: string;
  eventType: string;
  payload: Prisma.InputJsonValue;
  /** Who did it: a user id/email, "stripe", or "system:<job>". */
  actor: string;
  /** Where it came from: "stripe_webhook", "support", "seed", "sync"… */
  source: string;
  tenantId?: string | null;
  /** The event that caused this change; a second audit event from it for this entity is refused. */
  sourceEventId?: string | null;
  createdAt?: Date;
}

/** Whether `sourceEventId` has already changed this entity (call inside the writer's lock). */
export async function wasApplied(reader: Pick<Prisma.TransactionClient, "auditEvent">, entityType: string, entityId: string, sourceEventId: string): Promise<boolean> {
  return (await reader.auditEvent.count({ where: { entityType, entityId, sourceEventId } })) > 0;
}

export async function recordAuditEvent(writer: AuditWriter, input: AuditEventInput): Promise<void> {
  await writer.auditEvent.create({ data: { ...input, tenantId: input.tenantId ?? null } });
}
