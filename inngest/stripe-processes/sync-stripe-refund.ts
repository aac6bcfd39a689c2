// The process of Stripe refund events (refund.created / updated / failed, charge.refund.updated):
// find the invoice the refunded payment paid, then apply the refund to it.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeRefund } from "@/lib/money-returned/apply-stripe-refund";
import { stripeRefundSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice, invoiceOfPayment } from "./money-returned-steps";
import { parseEventObject } from "./parse-event-object";

export async function syncStripeRefund(ctx: StripeEventContext) {
  const refund = parseEventObject(stripeRefundSchema, ctx.stripeEvent, "refund");
  const ref = { paymentIntentId: refund.payment_intent ?? null, chargeId: refund.charge ?? null };
  const stripeInvoiceId = await invoiceOfPayment(ctx.step, ref, `Refund ${refund.id}`);
  return applyWithInvoice(ctx.step, "apply-refund", () => applyStripeRefund(refund, stripeInvoiceId, ctx.change));
}
