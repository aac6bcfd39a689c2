// Support intervention on a draft before finalization: set a usage line's quantity (or remove it)
// with a reason, or hold / release the invoice. Each change names the invoice version it was
// made against (optimistic lock), bumps it, marks the invoice "local change pending" so a Stripe
// change arriving before the next sync becomes a conflict, and writes an audit event.
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";

export interface Intervener {
  email: string;
}

async function lockVersion(tx: Prisma.TransactionClient, invoiceId: string, expectedVersion: number) {
  const rows = await tx.$queryRaw<{ tenant_id: string; version: number }[]>`
    UPDATE invoices SET version = version + 1, updated_at = now()
    WHERE id = ${invoiceId}::uuid AND version = ${expectedVersion} AND status = 'draft' AND deleted_at IS NULL
    RETURNING tenant_id, version`;
  const row = rows[0];
  if (row) return { tenantId: row.tenant_id, version: row.version };
  const current = await tx.invoice.findUnique({ where: { id: invoiceId }, select: { status: true, version: true, deletedAt: true } });
  if (!current) throw new AppError("not_found", "That invoice does not exist.");
  if (current.deletedAt) throw new AppError("conflict", "The invoice was deleted in Stripe.");
  if (current.status !== "draft") throw new AppError("conflict", `The invoice is ${current.status}: only drafts can be changed before finalization.`);
  throw new AppError("conflict", `The invoice changed since you opened it (version ${current.version}, you had ${expectedVersion}). Reload and try again.`);
}

interface HoldChange {
  held: boolean;
  holdReason: string | null;
  holdSeq: number;
}

async function markLocalChange(tx: Prisma.TransactionClient, invoiceId: string, tenantId: string, version: number, actor: string, hold?: HoldChange) {
  const local = { localChangePending: true, localChangedBy: actor, localChangedAt: new Date(), localVersion: version, ...hold };
  await tx.invoiceSyncState.upsert({ where: { invoiceId }, create: { invoiceId, tenantId, ...local }, update: local });
}

export async function setUsageLineQuantity(
  input: { invoiceId: string; usageLineId: string; quantity: number; reason: string; expectedVersion: number },
  by: Intervener,
): Promise<{ version: number; from: number; to: number }> {
  return db().$transaction(async (tx) => {
    const { tenantId, version } = await lockVersion(tx, input.invoiceId, input.expectedVersion);
    const line = await tx.usageLine.findFirst({ where: { id: input.usageLineId, invoiceId: input.invoiceId }, select: { id: true, lineKey: true } });
    if (!line) throw new AppError("not_found", "That line is not on this invoice.");
    const sum = await tx.usageIncrement.aggregate({ where: { usageLineId: line.id }, _sum: { quantity: true } });
    const from = Math.max(0, sum._sum.quantity ?? 0);
    const delta = input.quantity - (sum._sum.quantity ?? 0);
    if (delta !== 0) {
      await tx.usageIncrement.create({
        data: { tenantId, usageLineId: line.id, quantity: delta, idempotencyKey: `support-${randomUUID()}`, source: "support", actor: by.email, reason: input.reason },
      });
    }
    await markLocalChange(tx, input.invoiceId, tenantId, version, by.email);
    await recordAuditEvent(tx, {
      tenantId,
      entityType: "invoice",
      entityId: input.invoiceId,
      eventType: input.quantity === 0 ? "invoice.usage_removed" : "invoice.usage_adjusted",
      payload: { usageLineId: line.id, line: line.lineKey, from, to: input.quantity, reason: input.reason, version },
      actor: by.email,
      source: "support",
    });
    return { version, from, to: input.quantity };
  });
}

export async function setInvoiceHold(
  input: { invoiceId: string; held: boolean; reason: string; expectedVersion: number },
  by: Intervener,
): Promise<{ version: number }> {
  return db().$transaction(async (tx) => {
    const { tenantId, version } = await lockVersion(tx, input.invoiceId, input.expectedVersion);
    const state = await tx.invoiceSyncState.findUnique({ where: { invoiceId: input.invoiceId }, select: { held: true, holdSeq: true } });
    if ((state?.held ?? false) === input.held) throw new AppError("conflict", input.held ? "The invoice is already on hold." : "The invoice is not on hold.");
    await markLocalChange(tx, input.invoiceId, tenantId, version, by.email, {
      held: input.held,
      holdReason: input.held ? input.reason : null,
      holdSeq: (state?.holdSeq ?? 0) + 1,
    });
    await recordAuditEvent(tx, {
      tenantId,
      entityType: "invoice",
      entityId: input.invoiceId,
      eventType: input.held ? "invoice.held" : "invoice.released",
      payload: { reason: input.reason, version },
      actor: by.email,
      source: "support",
    });
    return { version };
  });
}
