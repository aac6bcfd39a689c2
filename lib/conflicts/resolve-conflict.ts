// Support's decision on a conflict. Accept theirs: Stripe's snapshot is applied and Ledgerline's
// usage lines take Stripe's quantities (a compensating increment records the difference). Keep
// ours: Stripe's change is set aside and the next sync writes Ledgerline's lines over it — not
// possible once Stripe has moved the invoice out of draft.
import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { publishReportChange } from "@/lib/reports/report-cache";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { applyStripeInvoiceInTransaction } from "@/lib/invoices/apply-stripe-invoice";
import type { ConflictDiffEntry, StoredConflictSnapshot } from "./detect-conflict";

export type ConflictResolution = "accept_theirs" | "keep_ours";

/** Takes the invoice's writer lock first, in the order every other writer of the invoice takes it. */
async function lockInvoiceOfConflict(tx: Prisma.TransactionClient, conflictId: string) {
  const conflict = await tx.syncConflict.findUnique({ where: { id: conflictId }, select: { stripeSnapshot: true } });
  const stripeInvoiceId = (conflict?.stripeSnapshot as unknown as StoredConflictSnapshot | undefined)?.invoice.id;
  if (stripeInvoiceId) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${stripeInvoiceId}))`;
}

async function claimOpenConflict(tx: Prisma.TransactionClient, conflictId: string, status: "accepted_theirs" | "kept_ours", actor: string) {
  const claimed = await tx.syncConflict.updateMany({ where: { id: conflictId, status: "open" }, data: { status, resolvedBy: actor, resolvedAt: new Date() } });
  const conflict = await tx.syncConflict.findUnique({ where: { id: conflictId } });
  if (!conflict) throw new AppError("not_found", "That conflict does not exist.");
  if (claimed.count === 0) throw new AppError("conflict", `This conflict was already resolved (${conflict.status}).`);
  return conflict;
}

/** Aligns each usage line with what the Stripe snapshot says about its item. */
async function alignUsageLines(tx: Prisma.TransactionClient, invoiceId: string, snapshot: StoredConflictSnapshot, mode: ConflictResolution, actor: string) {
  const stripeLines = new Map((snapshot.invoice.lines?.data ?? []).map((l) => [l.id, l]));
  const lines = await tx.usageLine.findMany({ where: { invoiceId, stripeLineId: { not: null } }, select: { id: true, tenantId: true, stripeLineId: true } });
  for (const line of lines) {
    const theirs = line.stripeLineId ? stripeLines.get(line.stripeLineId) : undefined;
    const theirQuantity = theirs ? (theirs.quantity ?? 1) : 0;
    if (mode === "keep_ours") {
      // Tell the sync what Stripe really has, so it writes ours back (or recreates a deleted item).
      await tx.usageLine.update({ where: { id: line.id }, data: theirs ? { syncedQuantity: theirQuantity } : { stripeItemId: null, stripeLineId: null, syncedQuantity: 0, pendingOp: null, pendingQuantity: null } });
      continue;
    }
    const sum = await tx.usageIncrement.aggregate({ where: { usageLineId: line.id }, _sum: { quantity: true } });
    const delta = theirQuantity - (sum._sum.quantity ?? 0);
    if (delta !== 0) {
      await tx.usageIncrement.create({
        data: { tenantId: line.tenantId, usageLineId: line.id, quantity: delta, idempotencyKey: `conflict-${randomUUID()}`, source: "conflict", actor, reason: "Accepted Stripe's value in conflict review" },
      });
    }
    await tx.usageLine.update({ where: { id: line.id }, data: theirs ? { syncedQuantity: theirQuantity } : { stripeItemId: null, stripeLineId: null, syncedQuantity: 0, pendingOp: null, pendingQuantity: null } });
  }
}

export async function resolveConflict(input: { conflictId: string; resolution: ConflictResolution }, by: { email: string }): Promise<{ invoiceId: string; tenantId: string }> {
  const status = input.resolution === "accept_theirs" ? "accepted_theirs" : "kept_ours";
  // One transaction: closing the conflict and applying Stripe's version commit together, so a crash
  // or a failed write leaves the conflict open with nothing half-applied.
  const { conflict, reportChange } = await db().$transaction(async (tx) => {
    await lockInvoiceOfConflict(tx, input.conflictId);
    const claimed = await claimOpenConflict(tx, input.conflictId, status, by.email);
    const snapshot = claimed.stripeSnapshot as unknown as StoredConflictSnapshot;
    const diff = claimed.diff as unknown as ConflictDiffEntry[];
    if (input.resolution === "keep_ours" && snapshot.invoice.status !== "draft") {
      throw new AppError("conflict", `Stripe has already moved this invoice to ${snapshot.invoice.status}; only "accept theirs" is possible.`);
    }
    await alignUsageLines(tx, claimed.invoiceId, snapshot, input.resolution, by.email);
    if (input.resolution === "accept_theirs") {
      const others = await tx.syncConflict.count({ where: { invoiceId: claimed.invoiceId, status: "open" } });
      if (others === 0) await tx.invoiceSyncState.update({ where: { invoiceId: claimed.invoiceId }, data: { localChangePending: false } });
    }
    await recordAuditEvent(tx, {
      tenantId: claimed.tenantId,
      entityType: "invoice",
      entityId: claimed.invoiceId,
      eventType: input.resolution === "accept_theirs" ? "invoice.conflict_accepted_theirs" : "invoice.conflict_kept_ours",
      payload: { conflictId: claimed.id, stripeEventId: claimed.stripeEventId, fields: diff.map((d) => d.field) },
      actor: by.email,
      source: "support",
    });
    if (input.resolution === "keep_ours") return { conflict: claimed, reportChange: null };
    // Marked accepted above, so conflict detection lets exactly this Stripe change through.
    const applied = await applyStripeInvoiceInTransaction(
      tx,
      snapshot.invoice,
      { sourceId: claimed.stripeEventId, eventType: claimed.eventType, created: new Date(snapshot.eventCreated) },
      { authoritative: true },
    );
    return { conflict: claimed, reportChange: applied.reportChange };
  });
  if (reportChange) await publishReportChange(reportChange);
  return { invoiceId: conflict.invoiceId, tenantId: conflict.tenantId };
}
