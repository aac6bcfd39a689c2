// Applies Stripe's deletion of a draft invoice with its audit event in one transaction. The row
// stays for the audit trail, marked `deleted_at`: it leaves the customer's views, the running
// totals and (through the new − old rollup delta) the reports. Deletion is final in Stripe, so it
// is applied whatever its event time, and no later snapshot of the invoice is applied after it.
// A deletion that arrives before the invoice was ever stored leaves a tombstone in the audit
// trail, so the late `invoice.created` does not create it.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { maintainInvoiceRollups, readInvoiceRollupState } from "@/lib/reports/invoice-rollups";
import { publishReportChange, type ReportChange } from "@/lib/reports/report-cache";
import type { StripeDeletedInvoice } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";

export type InvoiceDeletionResult = { outcome: "applied"; invoiceId: string | null; tenantId: string | null };

/** The audit entity of a deletion whose invoice was never stored (no row to name). */
export const UNSTORED_INVOICE_ENTITY = "stripe_invoice";

/** Whether Stripe deleted an invoice that has no row (yet): its late snapshots are not applied. */
export async function wasDeletedBeforeStored(tx: Prisma.TransactionClient, stripeInvoiceId: string): Promise<boolean> {
  return (await tx.auditEvent.count({ where: { entityType: UNSTORED_INVOICE_ENTITY, entityId: stripeInvoiceId, eventType: "invoice.deleted" } })) > 0;
}

export async function applyStripeInvoiceDeletion(invoice: StripeDeletedInvoice, change: StripeChange): Promise<InvoiceDeletionResult> {
  const moved: { reportChange: ReportChange | null } = { reportChange: null };
  const result = await db().$transaction((tx) => deleteInvoice(tx, invoice, change, moved));
  if (moved.reportChange) await publishReportChange(moved.reportChange);
  return result;
}

async function deleteInvoice(
  tx: Prisma.TransactionClient,
  invoice: StripeDeletedInvoice,
  change: StripeChange,
  moved: { reportChange: ReportChange | null },
): Promise<InvoiceDeletionResult> {
  // The same lock every writer of this invoice takes (applyStripeInvoice, sync, replays).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${invoice.id}))`;
  const existing = await tx.invoice.findUnique({ where: { stripeInvoiceId: invoice.id }, select: { id: true, tenantId: true, status: true, deletedAt: true, lastEventCreatedAt: true } });

  if (!existing) {
    if (await wasApplied(tx, UNSTORED_INVOICE_ENTITY, invoice.id, change.sourceId)) return { outcome: "applied", invoiceId: null, tenantId: null };
    const customer = invoice.customer ? await tx.customer.findUnique({ where: { stripeCustomerId: invoice.customer }, select: { tenantId: true } }) : null;
    await recordAuditEvent(tx, {
      tenantId: customer?.tenantId ?? null,
      entityType: UNSTORED_INVOICE_ENTITY,
      entityId: invoice.id,
      eventType: change.eventType,
      payload: { source: change.sourceId, stripeInvoiceId: invoice.id, stored: false },
      actor: "stripe",
      source: "stripe_webhook",
      sourceEventId: change.sourceId,
    });
    return { outcome: "applied", invoiceId: null, tenantId: customer?.tenantId ?? null };
  }
  // Already deleted (a redelivery, a replay, a step re-run after a crash): nothing more to do.
  if (existing.deletedAt) return { outcome: "applied", invoiceId: existing.id, tenantId: existing.tenantId };

  const rollupBefore = await readInvoiceRollupState(tx, existing.id);
  const lastEventCreatedAt = existing.lastEventCreatedAt && existing.lastEventCreatedAt > change.created ? existing.lastEventCreatedAt : change.created;
  const saved = await tx.invoice.update({
    where: { id: existing.id },
    data: { deletedAt: change.created, lastEventCreatedAt, version: { increment: 1 } },
    select: { version: true },
  });
  // A deleted invoice has no rollup state: the delta takes back everything it contributed.
  moved.reportChange = await maintainInvoiceRollups(tx, rollupBefore, existing.id, change.eventType, change.created);
  await recordAuditEvent(tx, {
    tenantId: existing.tenantId,
    entityType: "invoice",
    entityId: existing.id,
    eventType: change.eventType,
    payload: { source: change.sourceId, stripeInvoiceId: invoice.id, statusFrom: existing.status, deleted: true, version: saved.version },
    actor: "stripe",
    source: "stripe_webhook",
    sourceEventId: change.sourceId,
  });
  return { outcome: "applied", invoiceId: existing.id, tenantId: existing.tenantId };
}
