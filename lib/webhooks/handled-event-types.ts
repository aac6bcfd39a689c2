// The Stripe event types Ledgerline applies. Anything else is stored, acknowledged and marked
// ignored — never dropped silently.

export const handledStripeEventTypes = [
  "invoice.created",
  "invoice.finalized",
  "invoice.updated",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice.deleted",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
] as const;

export type HandledStripeEventType = (typeof handledStripeEventTypes)[number];

export function isHandledStripeEventType(type: string): type is HandledStripeEventType {
  return (handledStripeEventTypes as readonly string[]).includes(type);
}

/**
 * The Inngest function that applies a Stripe event type; also the job type of its attempts and
 * failure envelopes (`stripe-invoice-paid`).
 */
export function stripeEventFunctionId(type: string): string {
  return `stripe-${type.replaceAll(".", "-").replaceAll("_", "-")}`;
}
