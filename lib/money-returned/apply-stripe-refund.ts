// Applies a Stripe refund (refund.*, charge.refund.updated, or embedded in an older charge.refunded)
// to the invoice its payment paid.
// Pending and succeeded refunds count as returned money; a failed or canceled one no longer does.
import type { Prisma } from "@/lib/db/generated/client";
import type { StripeRefund } from "@/lib/stripe/money-returned-schemas";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { applyToInvoice, isNewerChange, type MoneyReturnedApplyResult, type StoredInvoice, type WriteOutcome } from "./apply-to-invoice";

/** Stripe moves a refund from pending (or requires_action) to one final status. */
const refundStatusRank = (status: string) => (status === "pending" || status === "requires_action" ? 0 : 1);

export function refundStatusOf(refund: StripeRefund): string {
  return refund.status ?? "pending";
}

export async function applyStripeRefund(refund: StripeRefund, stripeInvoiceId: string, change: StripeChange): Promise<MoneyReturnedApplyResult> {
  return applyToInvoice(stripeInvoiceId, change, (tx, invoice) => writeStripeRefund(tx, invoice, refund, change));
}

/**
 * Stores one refund of the invoice unless the stored one is newer: keyed by the refund's id, so the
 * same refund arriving again, by any event, updates one row and is counted once.
 */
export async function writeStripeRefund(tx: Prisma.TransactionClient, invoice: StoredInvoice, refund: StripeRefund, change: StripeChange): Promise<WriteOutcome> {
  const status = refundStatusOf(refund);
  const stored = await tx.refund.findUnique({ where: { stripeRefundId: refund.id }, select: { status: true, lastEventCreatedAt: true } });
  if (stored && !isNewerChange(stored, change.created, status, refundStatusRank)) return "stale";
  const row = {
    tenantId: invoice.tenantId,
    invoiceId: invoice.id,
    chargeId: refund.charge ?? null,
    paymentIntentId: refund.payment_intent ?? null,
    amount: BigInt(refund.amount),
    currency: refund.currency,
    status,
    reason: refund.reason ?? null,
    stripeCreatedAt: fromUnixSeconds(refund.created),
    lastEventCreatedAt: change.created,
  };
  await tx.refund.upsert({ where: { stripeRefundId: refund.id }, create: { stripeRefundId: refund.id, ...row }, update: row });
  return { audit: { stripeRefundId: refund.id, amount: refund.amount, currency: refund.currency, statusFrom: stored?.status ?? null, statusTo: status, reason: refund.reason ?? null } };
}
