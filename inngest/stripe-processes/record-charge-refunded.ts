// The process of Stripe `charge.refunded`: the amounts come from the refund events themselves
// (Stripe sends one for every refund); this records on the invoice's history that its payment was
// refunded, and how much in all.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyToInvoice } from "@/lib/money-returned/apply-to-invoice";
import { stripeChargeSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice, invoiceOfPayment, parseObject } from "./money-returned-steps";

export async function recordChargeRefunded(ctx: StripeEventContext) {
  const charge = parseObject(stripeChargeSchema, ctx, "charge");
  const ref = { paymentIntentId: charge.payment_intent ?? null, chargeId: charge.id };
  const stripeInvoiceId = await invoiceOfPayment(ctx.step, ref, `Refunded charge ${charge.id}`);
  const audit = { chargeId: charge.id, amount: charge.amount, amountRefunded: charge.amount_refunded, currency: charge.currency, fullyRefunded: charge.refunded ?? charge.amount_refunded >= charge.amount };
  return applyWithInvoice(ctx.step, "record-charge-refunded", () => applyToInvoice(stripeInvoiceId, ctx.change, async () => ({ audit })));
}
