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

/**
 * The audit inserts as one data-modifying CTE named `audit_event`, for changes written in one
 * statement (`param(value)` registers a parameter and returns its placeholder). `payloadFrom`
 * names a CTE of that statement returning, per changed entity, its `id` and columns added to the
 * payload of that entity's audit event: values known only once written, such as the new version.
 */
export function auditEventsCte(inputs: AuditEventInput[], param: (value: string) => string, payloadFrom?: { cte: string; columns: readonly string[] }): string {
  const rows = inputs.map((input) => ({
    entity_type: input.entityType,
    entity_id: input.entityId,
    event_type: input.eventType,
    payload: input.payload,
    actor: input.actor,
    source: input.source,
    tenant_id: input.tenantId ?? null,
    source_event_id: input.sourceEventId ?? null,
    created_at: input.createdAt ?? null,
  }));
  const payload = payloadFrom ? `r.payload || jsonb_build_object(${payloadFrom.columns.map((c) => `'${c}', w."${c}"`).join(", ")})` : "r.payload";
  return (
    `"audit_event" AS (INSERT INTO audit_events (entity_type, entity_id, event_type, payload, actor, source, tenant_id, source_event_id, created_at) ` +
    `SELECT r.entity_type, r.entity_id, r.event_type, ${payload}, r.actor, r.source, r.tenant_id, r.source_event_id, coalesce(r.created_at, now()) ` +
    `FROM jsonb_populate_recordset(NULL::audit_events, ${param(JSON.stringify(rows))}::jsonb) WITH ORDINALITY AS r` +
    `${payloadFrom ? ` JOIN "${payloadFrom.cte}" w ON w.id::text = r.entity_id` : ""} ORDER BY r.ordinality)`
  );
}
