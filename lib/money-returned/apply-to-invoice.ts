// The shared apply of money that goes back (refunds, credit notes, disputes): one transaction
// under the invoice's own lock (the lock the invoice apply takes), the record written only when
// the event is not older than what is stored, the invoice's report rollups moved by the change
// and an audit event on the invoice, so its history and the reports show each one. Idempotent: an
// event already applied to the invoice changes nothing.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { maintainInvoiceRollups, readInvoiceRollupState } from "@/lib/reports/invoice-rollups";
import { publishReportChange, type ReportChange } from "@/lib/reports/report-cache";
import { compareEventTime } from "@/lib/stripe/event-ordering";
import type { StripeChange } from "@/lib/stripe/stripe-change";

export type MoneyReturnedApplyResult =
  | { outcome: "applied" | "stale"; invoiceId: string; tenantId: string }
  // The invoice is not stored here yet: the caller fetches it from Stripe first.
  | { outcome: "missing-invoice"; stripeInvoiceId: string };

export interface StoredInvoice {
  id: string;
  tenantId: string;
}

/** What a writer did: nothing (older than the stored record) or the audit payload of its change. */
export type WriteOutcome = "stale" | { audit: Prisma.InputJsonObject };

/**
 * Whether an event may overwrite a stored record: a newer one always, one of the same second only
 * when it does not move the status back (`rank` orders statuses along their lifecycle).
 */
export function isNewerChange(stored: { lastEventCreatedAt: Date; status: string } | null, created: Date, status: string, rank: (status: string) => number): boolean {
  const freshness = compareEventTime(stored, created);
  if (freshness === "newer") return true;
  return freshness === "same-second" && stored !== null && rank(status) >= rank(stored.status);
}

export async function applyToInvoice(
  stripeInvoiceId: string,
  change: StripeChange,
  write: (tx: Prisma.TransactionClient, invoice: StoredInvoice) => Promise<WriteOutcome>,
): Promise<MoneyReturnedApplyResult> {
  const { result, reportChange } = await db().$transaction(async (tx): Promise<{ result: MoneyReturnedApplyResult; reportChange: ReportChange | null }> => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${stripeInvoiceId}))`;
    const invoice = await tx.invoice.findUnique({ where: { stripeInvoiceId }, select: { id: true, tenantId: true } });
    if (!invoice) return { result: { outcome: "missing-invoice", stripeInvoiceId }, reportChange: null };
    const done = { invoiceId: invoice.id, tenantId: invoice.tenantId };
    // A step re-run after a crash, or the event delivered again: already committed.
    if (await wasApplied(tx, "invoice", invoice.id, change.sourceId)) return { result: { outcome: "applied", ...done }, reportChange: null };
    const before = await readInvoiceRollupState(tx, invoice.id);
    const written = await write(tx, invoice);
    if (written === "stale") return { result: { outcome: "stale", ...done }, reportChange: null };
    const moved = await maintainInvoiceRollups(tx, before, invoice.id, change.eventType, change.created);
    await recordAuditEvent(tx, {
      tenantId: invoice.tenantId,
      entityType: "invoice",
      entityId: invoice.id,
      eventType: change.eventType,
      payload: { source: change.sourceId, stripeInvoiceId, ...written.audit },
      actor: "stripe",
      source: change.sourceId.startsWith("fetch:") ? "stripe_fetch" : "stripe_webhook",
      sourceEventId: change.sourceId,
    });
    return { result: { outcome: "applied", ...done }, reportChange: moved };
  });
  if (reportChange) await publishReportChange(reportChange);
  return result;
}
