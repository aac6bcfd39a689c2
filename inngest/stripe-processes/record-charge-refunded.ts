// The process of Stripe `charge.refunded`: find the invoice the refunded charge paid, then note on
// its history that its payment was refunded (and store the refunds an older API version embeds,
// completed from Stripe first when the event carries only their first page).
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeChargeRefunded } from "@/lib/money-returned/apply-stripe-charge-refunded";
import { completeChargeRefunds, hasIncompleteRefunds } from "@/lib/money-returned/complete-charge-refunds";
import { stripeChargeSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice, invoiceOfPayment } from "./money-returned-steps";
import { parseEventObject } from "./parse-event-object";

export async function recordChargeRefunded(ctx: StripeEventContext) {
  const parsed = parseEventObject(stripeChargeSchema, ctx.stripeEvent, "charge");
  const charge = hasIncompleteRefunds(parsed) ? await ctx.step("complete-charge-refunds", () => completeChargeRefunds(parsed)) : parsed;
  const ref = { paymentIntentId: charge.payment_intent ?? null, chargeId: charge.id };
  const stripeInvoiceId = await invoiceOfPayment(ctx.step, ref, `Refunded charge ${charge.id}`);
  return applyWithInvoice(ctx.step, "record-charge-refunded", () => applyStripeChargeRefunded(charge, stripeInvoiceId, ctx.change));
}
