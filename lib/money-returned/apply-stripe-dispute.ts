// Applies a Stripe dispute (charge.dispute.*) to the invoice its payment paid. An open dispute puts
// the money at risk; a lost one returned it; a won one (or a closed inquiry) kept it.
import type { StripeDispute } from "@/lib/stripe/money-returned-schemas";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { closedDisputeStatuses } from "./dispute-statuses";
import { applyToInvoice, isNewerChange, type MoneyReturnedApplyResult } from "./apply-to-invoice";

/** Along a dispute's lifecycle: needing a response, under review, then closed. */
function disputeStatusRank(status: string): number {
  if (closedDisputeStatuses.includes(status)) return 2;
  return status.endsWith("under_review") ? 1 : 0;
}

export async function applyStripeDispute(dispute: StripeDispute, stripeInvoiceId: string, change: StripeChange): Promise<MoneyReturnedApplyResult> {
  return applyToInvoice(stripeInvoiceId, change, async (tx, invoice) => {
    const stored = await tx.dispute.findUnique({ where: { stripeDisputeId: dispute.id }, select: { status: true, lastEventCreatedAt: true } });
    if (stored && !isNewerChange(stored, change.created, dispute.status, disputeStatusRank)) return "stale";
    const row = {
      tenantId: invoice.tenantId,
      invoiceId: invoice.id,
      chargeId: dispute.charge,
      paymentIntentId: dispute.payment_intent ?? null,
      amount: BigInt(dispute.amount),
      currency: dispute.currency,
      status: dispute.status,
      reason: dispute.reason,
      stripeCreatedAt: fromUnixSeconds(dispute.created),
      lastEventCreatedAt: change.created,
    };
    await tx.dispute.upsert({ where: { stripeDisputeId: dispute.id }, create: { stripeDisputeId: dispute.id, ...row }, update: row });
    return { audit: { stripeDisputeId: dispute.id, amount: dispute.amount, currency: dispute.currency, statusFrom: stored?.status ?? null, statusTo: dispute.status, reason: dispute.reason } };
  });
}
