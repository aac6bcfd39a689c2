// Reads the fields Stripe moved between API versions from wherever a payload carries them: the
// current version's place first (2025-03-31.basil and later: line `pricing` / `parent`, invoice
// `parent.subscription_details`, subscription item periods), the older place otherwise.
import type { StripeCharge, StripeRefund } from "./money-returned-schemas";
import type { StripeInvoice, StripeInvoiceLine, StripeSubscription } from "./schemas";

/** The subscription an invoice bills, or null for a one-off invoice. */
export function invoiceSubscriptionId(invoice: Pick<StripeInvoice, "parent" | "subscription">): string | null {
  return invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null;
}

/**
 * A line's unit price in minor units: `pricing.unit_amount_decimal` (rounded to a whole minor unit,
 * as the page shows it), an expanded price's `unit_amount`, the older `price.unit_amount`, and
 * failing all of them the line's amount spread over its quantity.
 */
export function lineUnitAmount(line: StripeInvoiceLine): number {
  const decimal = line.pricing?.unit_amount_decimal;
  if (decimal != null) {
    const rounded = Math.round(Number(decimal));
    if (Number.isSafeInteger(rounded)) return rounded;
  }
  const price = line.pricing?.price_details?.price;
  if (price && typeof price === "object" && price.unit_amount != null) return price.unit_amount;
  if (line.price?.unit_amount != null) return line.price.unit_amount;
  const quantity = line.quantity ?? 1;
  return quantity > 0 ? Math.round(line.amount / quantity) : line.amount;
}

/** The subscription's current period: its items' (the current version) or its own (older versions). */
export function subscriptionPeriod(subscription: Pick<StripeSubscription, "items" | "current_period_start" | "current_period_end">): {
  start: number | null;
  end: number | null;
} {
  const items = subscription.items?.data ?? [];
  const starts = items.map((item) => item.current_period_start).filter((value): value is number => value != null);
  const ends = items.map((item) => item.current_period_end).filter((value): value is number => value != null);
  return {
    start: starts.length > 0 ? Math.min(...starts) : (subscription.current_period_start ?? null),
    end: ends.length > 0 ? Math.max(...ends) : (subscription.current_period_end ?? null),
  };
}

/**
 * The refunds a charge embeds (API versions before 2022-11-15; none since), each naming the charge
 * and its payment intent as a refund event would.
 */
export function chargeRefunds(charge: Pick<StripeCharge, "id" | "payment_intent" | "refunds">): StripeRefund[] {
  return (charge.refunds?.data ?? []).map((refund) => ({ ...refund, charge: refund.charge ?? charge.id, payment_intent: refund.payment_intent ?? charge.payment_intent ?? null }));
}
