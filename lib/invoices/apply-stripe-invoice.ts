// Applies a Stripe invoice snapshot with its audit event in one transaction. Idempotent and
// order-independent: an older event, or a status Stripe has already moved past, never
// overwrites what is stored; when two events of the same second disagree and nothing orders
// them, the caller re-fetches the invoice from Stripe and applies that as authoritative.
// Three statements inside the transaction: its start, which takes the invoice's lock
// (start-invoice-apply.ts), one read of everything the decision needs (read-invoice-for-apply.ts),
// one write of everything the change moves (save-invoice-snapshot.ts).
import { randomUUID } from "node:crypto";
import { publishReportChange, type ReportChange } from "@/lib/reports/report-cache";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { detectSyncConflict } from "@/lib/conflicts/detect-conflict";
import { assertCompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { startInvoiceApply } from "@/lib/invoices/start-invoice-apply";
import { readInvoiceForApply, readInvoicesForApply, type InvoiceApplyContext } from "@/lib/invoices/read-invoice-for-apply";
import { saveInvoiceSnapshots, type InvoiceSnapshotWrite } from "@/lib/invoices/save-invoice-snapshot";
import { decideInvoiceChange } from "@/lib/invoices/decide-invoice-change";
import { overdueColumns } from "@/lib/invoices/overdue";
import { paymentActionColumns } from "@/lib/invoices/payment-action";
import { applyRollupDelta, reportsTouchedBy, rollupDelta, type Contribution, type InvoiceRollupState } from "@/lib/reports/invoice-rollups";
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

function lineColumns(invoice: StripeInvoice) {
  return (invoice.lines?.data ?? []).map((line) => ({
    stripeLineItemId: line.id,
    description: line.description ?? "",
    quantity: line.quantity ?? 1,
    unitAmount: lineUnitAmount(line),
    amount: line.amount,
    currency: line.currency,
    periodStart: fromUnixSeconds(line.period?.start),
    periodEnd: fromUnixSeconds(line.period?.end),
  }));
}

/**
 * What the invoice contributes to the rollups once the snapshot is written: the snapshot's figures,
 * with the failed payment and the money returned that the stored invoice already had.
 */
function rollupStateOfSnapshot(
  invoice: StripeInvoice,
  owner: { tenantId: string; customerId: string },
  before: InvoiceRollupState | null,
  paymentFailed: boolean,
): InvoiceRollupState {
  return {
    ...owner,
    status: invoice.status,
    currency: invoice.currency,
    total: invoice.total,
    amountPaid: invoice.amount_paid,
    amountRemaining: invoice.amount_remaining,
    stripeCreatedAt: fromUnixSeconds(invoice.created),
    paidAt: fromUnixSeconds(invoice.status_transitions?.paid_at),
    dueDate: fromUnixSeconds(invoice.due_date),
    paymentFailed: paymentFailed || (before?.paymentFailed ?? false),
    refunded: before?.refunded ?? 0,
    credited: before?.credited ?? 0,
    disputeLost: before?.disputeLost ?? 0,
  };
}

export interface InvoiceApplyOptions {
  authoritative?: boolean;
}

export async function applyStripeInvoice(invoice: StripeInvoice, change: StripeChange, options: InvoiceApplyOptions = {}): Promise<InvoiceApplyResult> {
  const { result, reportChange } = await db().$transaction((tx) => applyStripeInvoiceInTransaction(tx, invoice, change, options));
  if (reportChange) await publishReportChange(reportChange);
  return result;
}

export interface InvoiceSnapshotChange {
  invoice: StripeInvoice;
  change: StripeChange;
}

/**
 * Applies several snapshots in one transaction, each exactly as `applyStripeInvoice` would: one
 * commit instead of one per snapshot, and one folded rollup write. Every invoice's lock is taken
 * first, in one order, so two such transactions never wait on each other's invoices. The
 * snapshots go in rounds: the first of each invoice's, then the second, and so on, each round one
 * read of what its applies decide on and one write of all they change, so a batch costs a few
 * round trips however many invoices it holds. All or nothing: when any apply throws, nothing
 * commits and the error is rethrown (the caller applies them one by one to isolate it).
 */
export async function applyStripeInvoicesTogether(items: InvoiceSnapshotChange[]): Promise<InvoiceApplyResult[]> {
  const ids = [...new Set(items.map((item) => item.invoice.id))];
  const applied = await db().$transaction(async (tx) => {
    await startInvoiceApply(tx, ids);
    const outcomes: { result: InvoiceApplyResult; reportChange: ReportChange | null }[] = [];
    // The rollup rows are written once, folded, at the end: held for the commit only, not for
    // the whole batch, so batches of one tenant do not queue behind each other.
    const rollups: Contribution[] = [];
    for (const round of roundsOf(items)) {
      const contexts = await readInvoicesForApply(
        tx,
        round.map((index) => ({ stripeInvoiceId: items[index]!.invoice.id, stripeCustomerId: items[index]!.invoice.customer, sourceEventId: items[index]!.change.sourceId })),
      );
      const writes: InvoiceSnapshotWrite[] = [];
      for (const [i, index] of round.entries()) {
        const { invoice, change } = items[index]!;
        const planned = await planInvoiceWrite(tx, invoice, change, {}, contexts[i]!);
        if (planned.write) {
          writes.push({ ...planned.write, delta: [] });
          rollups.push(...planned.write.delta);
        }
        outcomes[index] = { result: planned.result, reportChange: planned.reportChange };
      }
      await saveInvoiceSnapshots(tx, writes);
    }
    await applyRollupDelta(tx, rollups);
    return outcomes;
  });
  const reportsByTenant = new Map<string, Set<ReportChange["reports"][number]>>();
  for (const { reportChange } of applied) {
    if (!reportChange) continue;
    const reports = reportsByTenant.get(reportChange.tenantId) ?? new Set();
    reportChange.reports.forEach((report) => reports.add(report));
    reportsByTenant.set(reportChange.tenantId, reports);
  }
  await Promise.all([...reportsByTenant].map(([tenantId, reports]) => publishReportChange({ tenantId, reports: [...reports] })));
  return applied.map(({ result }) => result);
}

/** The items' indexes in rounds: round k holds each invoice's k-th snapshot, in the items' order. */
function roundsOf(items: InvoiceSnapshotChange[]): number[][] {
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const round = seen.get(item.invoice.id) ?? 0;
    seen.set(item.invoice.id, round + 1);
    (rounds[round] ??= []).push(index);
  });
  return rounds;
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
  await startInvoiceApply(tx, [invoice.id]);
  const context = await readInvoiceForApply(tx, invoice.id, invoice.customer, change.sourceId);
  const planned = await planInvoiceWrite(tx, invoice, change, options, context);
  if (planned.write) await saveInvoiceSnapshots(tx, [planned.write]);
  // Which report figures this change moved; published for cache invalidation after the commit.
  return { result: planned.result, reportChange: planned.reportChange };
}

/** What an apply decided: its result and, when it changes the invoice, the write that does it. */
interface PlannedInvoiceWrite {
  result: InvoiceApplyResult;
  write?: InvoiceSnapshotWrite;
  reportChange: ReportChange | null;
}

/**
 * Decides the apply on `context`, read under the invoice's lock; writes nothing but a sync
 * conflict. The caller writes `write` (with the others' of its round) before the invoice's next
 * snapshot is decided.
 */
async function planInvoiceWrite(
  tx: Prisma.TransactionClient,
  invoice: StripeInvoice,
  change: StripeChange,
  options: InvoiceApplyOptions,
  context: InvoiceApplyContext,
): Promise<PlannedInvoiceWrite> {
  const unchanged = (result: InvoiceApplyResult): PlannedInvoiceWrite => ({ result, reportChange: null });
  // The stored lines are replaced by the snapshot's: a first page would silently drop the rest.
  assertCompleteLines(invoice);
  const { customer, stored: existing, alreadyApplied, deletedBeforeStored, localChangePending } = context;
  if (!customer) return unchanged({ outcome: "missing-customer", stripeCustomerId: invoice.customer });
  // A step re-run after a crash: this event's change is already committed.
  if (existing && alreadyApplied) return unchanged({ outcome: "applied", invoiceId: existing.id, tenantId: existing.tenantId, status: existing.status });
  // Deleted in Stripe, which is final: no later (or late) snapshot brings the invoice back.
  if (existing?.deletedAt) return unchanged({ outcome: "stale", invoiceId: existing.id, tenantId: existing.tenantId, status: existing.status });
  if (!existing && deletedBeforeStored) return unchanged({ outcome: "stale", invoiceId: null, tenantId: customer.tenantId, status: "deleted" });
  if (existing) {
    const decision = decideInvoiceChange(existing, invoice, change.created, options.authoritative ?? false);
    if (decision === "stale") return unchanged({ outcome: "stale", invoiceId: existing.id, tenantId: existing.tenantId, status: existing.status });
    if (decision === "refetch") return unchanged({ outcome: "needs-refetch", invoiceId: existing.id, tenantId: existing.tenantId });
    const conflictId = localChangePending ? await detectSyncConflict(tx, existing, invoice, change) : null;
    if (conflictId) return unchanged({ outcome: "conflict", invoiceId: existing.id, tenantId: existing.tenantId, conflictId });
  }

  const columns = { ...invoiceColumns(invoice), ...paymentActionColumns(invoice, change), ...overdueColumns(invoice, change) };
  const lastEventCreatedAt =
    existing?.lastEventCreatedAt && existing.lastEventCreatedAt > change.created ? existing.lastEventCreatedAt : change.created;
  const invoiceId = existing?.id ?? randomUUID();
  const tenantId = existing?.tenantId ?? customer.tenantId;
  const before = existing?.rollup ?? null;
  const paymentFailed = change.eventType === "invoice.payment_failed";
  const after = rollupStateOfSnapshot(invoice, { tenantId, customerId: before?.customerId ?? customer.id }, before, paymentFailed);
  const delta = rollupDelta(before, after);
  const lines = lineColumns(invoice);
  const write: InvoiceSnapshotWrite = {
    invoiceId,
    tenantId,
    customerId: after.customerId,
    stripeInvoiceId: invoice.id,
    columns: { ...columns, lastEventCreatedAt },
    lines,
    paymentFailedAt: paymentFailed ? change.created : null,
    delta,
    audit: {
      tenantId,
      entityType: "invoice",
      entityId: invoiceId,
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
      },
      actor: "stripe",
      source: options.authoritative ? "stripe_fetch" : "stripe_webhook",
      sourceEventId: change.sourceId,
    },
  };
  const reportChange = delta.length > 0 ? { tenantId, reports: reportsTouchedBy(delta) } : null;
  return { result: { outcome: "applied", invoiceId, tenantId, status: invoice.status }, write, reportChange };
}
