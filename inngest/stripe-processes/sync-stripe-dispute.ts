// The process of Stripe dispute events (charge.dispute.*): find the invoice the disputed payment
// paid, then apply the dispute to it.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeDispute } from "@/lib/money-returned/apply-stripe-dispute";
import { stripeDisputeSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice, invoiceOfPayment, parseObject } from "./money-returned-steps";

export async function syncStripeDispute(ctx: StripeEventContext) {
  const dispute = parseObject(stripeDisputeSchema, ctx, "dispute");
  const ref = { paymentIntentId: dispute.payment_intent ?? null, chargeId: dispute.charge };
  const stripeInvoiceId = await invoiceOfPayment(ctx.step, ref, `Dispute ${dispute.id}`);
  return applyWithInvoice(ctx.step, "apply-dispute", () => applyStripeDispute(dispute, stripeInvoiceId, ctx.change));
}
