// The process of Stripe dispute events (charge.dispute.*): find the invoice the disputed payment
// paid, then apply the dispute to it.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeDispute } from "@/lib/money-returned/apply-stripe-dispute";
import { stripeDisputeSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice, invoiceOfPayment } from "./money-returned-steps";
import { parseEventObject } from "./parse-event-object";

export async function syncStripeDispute(ctx: StripeEventContext) {
  const dispute = parseEventObject(stripeDisputeSchema, ctx.stripeEvent, "dispute");
  const ref = { paymentIntentId: dispute.payment_intent ?? null, chargeId: dispute.charge };
  const stripeInvoiceId = await invoiceOfPayment(ctx.step, ref, `Dispute ${dispute.id}`);
  return applyWithInvoice(ctx.step, "apply-dispute", () => applyStripeDispute(dispute, stripeInvoiceId, ctx.change));
}
