// The Stripe event types Ledgerline applies. Anything else is stored, acknowledged and marked
// ignored — never dropped silently.

export const handledStripeEventTypes = [
  "invoice.created",
  "invoice.finalized",
  "invoice.updated",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "invoice.overdue",
  "invoice.will_be_due",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice.deleted",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  // Money that goes back (lib/money-returned), and the payments that link it to invoices.
  "charge.refunded",
  "charge.refund.updated",
  "refund.created",
  "refund.updated",
  "refund.failed",
  "credit_note.created",
  "credit_note.updated",
  "credit_note.voided",
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
  "invoice_payment.paid",
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
