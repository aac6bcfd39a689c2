// The process of Stripe `invoice_payment.paid`: remember which invoice the payment (payment intent
// or charge) paid, so its refunds and disputes find their invoice without asking Stripe, and note
// the payment in the invoice's history.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyToInvoice } from "@/lib/money-returned/apply-to-invoice";
import { recordInvoicePaymentLink } from "@/lib/money-returned/invoice-payment-links";
import { stripeInvoicePaymentSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice } from "./money-returned-steps";
import { parseEventObject } from "./parse-event-object";

export async function recordInvoicePayment(ctx: StripeEventContext) {
  const payment = parseEventObject(stripeInvoicePaymentSchema, ctx.stripeEvent, "invoice payment");
  await ctx.step("record-invoice-payment", () => recordInvoicePaymentLink(payment));
  const audit = { invoicePaymentId: payment.id, paymentIntentId: payment.payment.payment_intent ?? null, chargeId: payment.payment.charge ?? null };
  return applyWithInvoice(ctx.step, "note-invoice-payment", () => applyToInvoice(payment.invoice, ctx.change, async () => ({ audit })));
}
