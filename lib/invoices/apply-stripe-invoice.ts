// Applies a Stripe invoice snapshot with its audit event in one transaction. Idempotent and
// order-independent: an older event, or a status Stripe has already moved past, never
// overwrites what is stored; when two events of the same second disagree and nothing orders
// them, the caller re-fetches the invoice from Stripe and applies that as authoritative.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import { publishReportChange, type ReportChange } from "@/lib/reports/report-cache";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { withMinorUnits } from "@/lib/money/minor-units";
import { detectSyncConflict } from "@/lib/conflicts/detect-conflict";
import { assertCompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { wasDeletedBeforeStored } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { decideInvoiceChange } from "@/lib/invoices/decide-invoice-change";
import { overdueColumns } from "@/lib/invoices/overdue";
import { paymentActionColumns } from "@/lib/invoices/payment-action";
import { maintainInvoiceRollups, readInvoiceRollupState } from "@/lib/reports/invoice-rollups";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { invoiceSubscriptionId, lineUnitAmount } from "@/lib/stripe/read-stripe-fields";
import type { StripeInvoice } from "@/lib/stripe/schemas";

export type InvoiceApplyResult =
  | { outcome: "applied" | "stale"; invoiceId: string; tenantId: string; status: string }
  // Stripe deleted the invoice before it was ever stored: it is never created.
  | { outcome: "stale"; invoiceId: null; tenantId: string; status: "deleted" }
  | { outcome: "needs-refetch"; invoiceId: string; tenantId: string }
  // A support change made since is not yet in Stripe: this change waits in the conflict review.
  | { outcome: "conflict"; invoiceId: string; tenantId: string; conflictId: string }
  | { outcome: "missing-customer"; stripeCustomerId: string };

function invoiceColumns(invoice: StripeInvoice) {
  return {
    number: invoice.number ?? null,
    status: invoice.status,
    currency: invoice.currency,
    subtotal: invoice.subtotal,
    total: invoice.total,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    periodStart: fromUnixSeconds(invoice.period_start),
    periodEnd: fromUnixSeconds(invoice.period_end),
    dueDate: fromUnixSeconds(invoice.due_date),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdfUrl: invoice.invoice_pdf ?? null,
    stripeCreatedAt: fromUnixSeconds(invoice.created),
    finalizedAt: fromUnixSeconds(invoice.status_transitions?.finalized_at),
    paidAt: fromUnixSeconds(invoice.status_transitions?.paid_at),
    stripeSubscriptionId: invoiceSubscriptionId(invoice),
  };
}

function lineRows(invoice: StripeInvoice, invoiceId: string, tenantId: string): Prisma.InvoiceLineItemCreateManyInput[] {
  return (invoice.lines?.data ?? []).map((line) => {
    const quantity = line.quantity ?? 1;
    return {
      invoiceId,
      tenantId,
      stripeLineItemId: line.id,
      description: line.description ?? "",
      quantity,
      unitAmount: lineUnitAmount(line),
      amount: line.amount,
      currency: line.currency,
      periodStart: fromUnixSeconds(line.period?.start),
      periodEnd: fromUnixSeconds(line.period?.end),
    };
  });
}

export interface InvoiceApplyOptions {
  authoritative?: boolean;
}

export async function applyStripeInvoice(invoice: StripeInvoice, change: StripeChange, options: InvoiceApplyOptions = {}): Promise<InvoiceApplyResult> {
  const { result, reportChange } = await db().$transaction((tx) => applyStripeInvoiceInTransaction(tx, invoice, change, options));
  if (reportChange) await publishReportChange(reportChange);
  return result;
}

/**
 * The apply inside a caller's transaction, for a change that must commit with other writes (a
 * conflict resolution). The caller publishes `reportChange` once the transaction has committed.
 */
export async function applyStripeInvoiceInTransaction(
  tx: Prisma.TransactionClient,
  invoice: StripeInvoice,
  change: StripeChange,
  options: InvoiceApplyOptions = {},
): Promise<{ result: InvoiceApplyResult; reportChange: ReportChange | null }> {
  // Which report figures this change moved; published for cache invalidation after the commit.
  const moved: { reportChange: ReportChange | null } = { reportChange: null };
  const result = await writeInvoice(tx, invoice, change, options, moved);
  return { result, reportChange: moved.reportChange };
}

async function writeInvoice(
  tx: Prisma.TransactionClient,
  invoice: StripeInvoice,
  change: StripeChange,
  options: InvoiceApplyOptions,
  moved: { reportChange: ReportChange | null },
): Promise<InvoiceApplyResult> {
  // The stored lines are replaced by the snapshot's: a first page would silently drop the rest.
  assertCompleteLines(invoice);
  // Serializes every writer of this invoice (concurrent deliveries, replays, sync).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${invoice.id}))`;
  const customer = await tx.customer.findUnique({ where: { stripeCustomerId: invoice.customer }, select: { id: true, tenantId: true } });
  if (!customer) return { outcome: "missing-customer", stripeCustomerId: invoice.customer };

  const stored = await tx.invoice.findUnique({
    where: { stripeInvoiceId: invoice.id },
    select: { id: true, tenantId: true, status: true, total: true, amountPaid: true, amountDue: true, lastEventCreatedAt: true, deletedAt: true },
  });
  const existing = stored && withMinorUnits(stored);
  // A step re-run after a crash: this event's change is already committed.
  if (existing && (await wasApplied(tx, "invoice", existing.id, change.sourceId))) {
    return { outcome: "applied", invoiceId: existing.id, tenantId: existing.tenantId, status: existing.status };
  }
  // Deleted in Stripe, which is final: no later (or late) snapshot brings the invoice back.
  if (existing?.deletedAt) return { outcome: "stale", invoiceId: existing.id, tenantId: existing.tenantId, status: existing.status };
  if (!existing && (await wasDeletedBeforeStored(tx, invoice.id))) return { outcome: "stale", invoiceId: null, tenantId: customer.tenantId, status: "deleted" };
  if (existing) {
    const decision = decideInvoiceChange(existing, invoice, change.created, options.authoritative ?? false);
    if (decision === "stale") return { outcome: "stale", invoiceId: existing.id, tenantId: existing.tenantId, status: existing.status };
    if (decision === "refetch") return { outcome: "needs-refetch", invoiceId: existing.id, tenantId: existing.tenantId };
    const conflictId = await detectSyncConflict(tx, existing, invoice, change);
    if (conflictId) return { outcome: "conflict", invoiceId: existing.id, tenantId: existing.tenantId, conflictId };
  }

  const rollupBefore = existing ? await readInvoiceRollupState(tx, existing.id) : null;
  const columns = { ...invoiceColumns(invoice), ...paymentActionColumns(invoice, change), ...overdueColumns(invoice, change) };
  const lastEventCreatedAt =
    existing?.lastEventCreatedAt && existing.lastEventCreatedAt > change.created ? existing.lastEventCreatedAt : change.created;
  const saved = existing
    ? await tx.invoice.update({ where: { id: existing.id }, data: { ...columns, lastEventCreatedAt, version: { increment: 1 } } })
    : await tx.invoice.create({ data: { ...columns, lastEventCreatedAt, tenantId: customer.tenantId, customerId: customer.id, stripeInvoiceId: invoice.id } });
  await tx.invoiceLineItem.deleteMany({ where: { invoiceId: saved.id } });
  const lines = lineRows(invoice, saved.id, saved.tenantId);
  if (lines.length > 0) await tx.invoiceLineItem.createMany({ data: lines });
  moved.reportChange = await maintainInvoiceRollups(tx, rollupBefore, saved.id, change.eventType, change.created);

  await recordAuditEvent(tx, {
    tenantId: saved.tenantId,
    entityType: "invoice",
    entityId: saved.id,
    eventType: change.eventType,
    payload: {
      source: change.sourceId,
      stripeInvoiceId: invoice.id,
      statusFrom: existing?.status ?? null,
      statusTo: invoice.status,
      total: invoice.total,
      amountPaid: invoice.amount_paid,
      amountRemaining: invoice.amount_remaining,
      currency: invoice.currency,
      lines: lines.length,
      version: saved.version,
    },
    actor: "stripe",
    source: options.authoritative ? "stripe_fetch" : "stripe_webhook",
    sourceEventId: change.sourceId,
  });
  return { outcome: "applied", invoiceId: saved.id, tenantId: saved.tenantId, status: saved.status };
}
