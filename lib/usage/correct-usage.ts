// Amends or voids a recorded increment, append-only: an adjusting increment (quantity = the
// difference) goes beside the original on the same line — or is held with it, when the original is
// still waiting for a draft — with the reason, a correction row and an audit event, in one
// transaction. Once the invoice is finalized its usage is frozen: the correction is refused (409).
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { UsageCorrectionInput } from "./schemas";

export interface CorrectionResult {
  /** The adjusting increment's id. */
  incrementId: string;
  correctedIncrementId: string;
  previousQuantity: number;
  quantity: number;
  /** True when this correction's idempotency key was already used: nothing new was written. */
  duplicate: boolean;
}

interface Original {
  id: bigint;
  quantity: number;
  source: string;
  /** The draft line, or null while held. */
  usageLineId: string | null;
  invoiceStatus: string | null;
  customerId: string;
  lineKey: string;
  description: string;
  unitAmount: bigint;
}

/** The original increment, locked so corrections of it are applied one at a time. */
async function lockOriginal(tx: Prisma.TransactionClient, tenantId: string, key: string): Promise<Original | null> {
  const attached = await tx.$queryRaw<Original[]>`
    SELECT u.id, u.quantity, u.source, u.usage_line_id AS "usageLineId", inv.status::text AS "invoiceStatus", inv.customer_id AS "customerId",
           l.line_key AS "lineKey", l.description, l.unit_amount AS "unitAmount"
    FROM usage_increments u JOIN usage_lines l ON l.id = u.usage_line_id JOIN invoices inv ON inv.id = l.invoice_id
    WHERE u.tenant_id = ${tenantId}::uuid AND u.idempotency_key = ${key}
    FOR UPDATE OF u`;
  if (attached[0]) return attached[0];
  const held = await tx.$queryRaw<Original[]>`
    SELECT p.id, p.quantity, p.source, NULL::uuid AS "usageLineId", NULL AS "invoiceStatus", p.customer_id AS "customerId",
           p.line_key AS "lineKey", p.description, p.unit_amount AS "unitAmount"
    FROM pending_usage_increments p
    WHERE p.tenant_id = ${tenantId}::uuid AND p.idempotency_key = ${key} AND p.attached_at IS NULL
    FOR UPDATE OF p`;
  return held[0] ?? null;
}

async function findPreviousCorrection(tx: Prisma.TransactionClient, tenantId: string, key: string): Promise<CorrectionResult | null> {
  const rows = await tx.$queryRaw<{ incrementId: bigint; correctedIncrementId: bigint; previousQuantity: number; quantity: number }[]>`
    SELECT c.adjusting_increment_id AS "incrementId", c.increment_id AS "correctedIncrementId", c.previous_quantity AS "previousQuantity", c.new_quantity AS quantity
    FROM usage_corrections c
    WHERE c.tenant_id = ${tenantId}::uuid AND c.adjusting_increment_id IN (
      SELECT id FROM usage_increments WHERE tenant_id = ${tenantId}::uuid AND idempotency_key = ${key}
      UNION ALL SELECT id FROM pending_usage_increments WHERE tenant_id = ${tenantId}::uuid AND idempotency_key = ${key})
    LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  return { incrementId: row.incrementId.toString(), correctedIncrementId: row.correctedIncrementId.toString(), previousQuantity: row.previousQuantity, quantity: row.quantity, duplicate: true };
}

export async function correctUsage(input: UsageCorrectionInput, by: { tenantId: string; actor: string; source: string }): Promise<CorrectionResult> {
  const quantity = input.action === "void" ? 0 : input.quantity;
  return db().$transaction(async (tx) => {
    const original = await lockOriginal(tx, by.tenantId, input.increment);
    if (!original) throw new AppError("not_found", `No increment with idempotency key ${input.increment} in this tenant.`);
    // Checked under the original's lock, so a retried correction can never apply twice.
    const previous = await findPreviousCorrection(tx, by.tenantId, input.idempotencyKey);
    if (previous) {
      if (previous.correctedIncrementId !== original.id.toString() || previous.quantity !== quantity) {
        throw new AppError("conflict", "This idempotency key was already used for a different correction.");
      }
      return previous;
    }
    if (original.source === "correction") throw new AppError("invalid_input", "That is a correction; correct the original increment instead.");
    if (original.invoiceStatus !== null && original.invoiceStatus !== "draft") {
      throw new AppError("conflict", `The invoice holding this increment is ${original.invoiceStatus}: its usage can no longer be corrected. Record a new increment on the next invoice instead.`);
    }
    const corrections = await tx.$queryRaw<{ total: bigint | null }[]>`
      SELECT SUM(new_quantity - previous_quantity) AS total FROM usage_corrections WHERE tenant_id = ${by.tenantId}::uuid AND increment_id = ${original.id}`;
    const current = original.quantity + Number(corrections[0]?.total ?? 0);
    const delta = quantity - current;
    const reason = `${input.action}: ${input.reason}`;
    const inserted = original.usageLineId
      ? await tx.$queryRaw<{ id: bigint }[]>`
          INSERT INTO usage_increments (tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason)
          VALUES (${by.tenantId}::uuid, ${original.usageLineId}::uuid, ${delta}, ${input.idempotencyKey}, 'correction', ${by.actor}, ${reason})
          ON CONFLICT DO NOTHING RETURNING id`
      : await tx.$queryRaw<{ id: bigint }[]>`
          INSERT INTO pending_usage_increments (tenant_id, customer_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason)
          VALUES (${by.tenantId}::uuid, ${original.customerId}::uuid, ${original.lineKey}, ${original.description}, ${original.unitAmount}, ${delta},
                  ${input.idempotencyKey}, 'correction', ${by.actor}, ${reason})
          ON CONFLICT DO NOTHING RETURNING id`;
    const adjusting = inserted[0]?.id;
    if (adjusting === undefined) throw new AppError("conflict", "This idempotency key was already used for an increment.");
    await tx.usageCorrection.create({
      data: { tenantId: by.tenantId, incrementId: original.id, adjustingIncrementId: adjusting, kind: input.action, previousQuantity: current, newQuantity: quantity, reason: input.reason, actor: by.actor },
    });
    await recordAuditEvent(tx, {
      entityType: "usage_increment",
      entityId: original.id.toString(),
      eventType: input.action === "void" ? "usage.voided" : "usage.amended",
      payload: { previousQuantity: current, quantity, delta, adjustingIncrementId: adjusting.toString(), reason: input.reason },
      actor: by.actor,
      source: by.source,
      tenantId: by.tenantId,
    });
    return { incrementId: adjusting.toString(), correctedIncrementId: original.id.toString(), previousQuantity: current, quantity, duplicate: false };
  });
}
