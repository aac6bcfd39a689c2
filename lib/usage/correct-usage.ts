// Amends or voids a recorded increment, append-only: an adjusting increment (quantity = the
// difference) goes beside the original on the same line — or is held with it, when the original is
// still waiting for a draft — with the reason, a correction row and an audit event, in one
// transaction. Once the invoice is finalized its usage is frozen: the correction is refused (409).
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { findIncrementsByKey } from "./find-increments-by-key";
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

async function findPreviousCorrection(tx: Prisma.TransactionClient, tenantId: string, key: string): Promise<CorrectionResult | null> {
  const rows = await tx.$queryRaw<{ incrementId: bigint; correctedIncrementId: bigint; previousQuantity: number; quantity: number }[]>`
    SELECT c.adjusting_increment_id AS "incrementId", c.increment_id AS "correctedIncrementId", c.previous_quantity AS "previousQuantity", c.new_quantity AS quantity
    FROM usage_corrections c
    WHERE c.tenant_id = ${tenantId}::uuid
      AND c.adjusting_increment_id IN (SELECT increment_id FROM usage_idempotency_keys WHERE tenant_id = ${tenantId}::uuid AND idempotency_key = ${key})
    LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  return { incrementId: row.incrementId.toString(), correctedIncrementId: row.correctedIncrementId.toString(), previousQuantity: row.previousQuantity, quantity: row.quantity, duplicate: true };
}

/**
 * The invoice's status, read under a share lock held to the commit: a finalization waits for the
 * correction, so the sync's close-out of the invoice sees it (or the correction sees it closed).
 */
async function lockInvoiceStatus(tx: Prisma.TransactionClient, invoiceId: string): Promise<string> {
  const rows = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM invoices WHERE id = ${invoiceId}::uuid FOR SHARE`;
  if (!rows[0]) throw new Error(`invoice ${invoiceId} of a usage line is missing`);
  return rows[0].status;
}

export async function correctUsage(input: UsageCorrectionInput, by: { tenantId: string; actor: string; source: string }): Promise<CorrectionResult> {
  const quantity = input.action === "void" ? 0 : input.quantity;
  return db().$transaction(async (tx) => {
    // Locked, so corrections of one increment are applied one at a time.
    const original = (await findIncrementsByKey(tx, by.tenantId, [input.increment], { lock: true })).get(input.increment);
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
    const invoiceStatus = original.invoiceId ? await lockInvoiceStatus(tx, original.invoiceId) : null;
    if (invoiceStatus !== null && invoiceStatus !== "draft") {
      throw new AppError("conflict", `The invoice holding this increment is ${invoiceStatus}: its usage can no longer be corrected. Record a new increment on the next invoice instead.`);
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
