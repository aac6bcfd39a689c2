// Stripe's `invoice.payment_action_required`: the customer must authenticate the payment (3-D
// Secure) on the hosted invoice page. The invoice keeps that flag while it stays open; any
// snapshot that has left open (paid, void, uncollectible) clears it.
import type { StripeInvoice } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";

export const PAYMENT_ACTION_REQUIRED_EVENT = "invoice.payment_action_required";

/** The flag's column change for one applied snapshot: set, cleared, or left as it is. */
export function paymentActionColumns(invoice: Pick<StripeInvoice, "status">, change: Pick<StripeChange, "eventType" | "created">): { paymentActionRequiredAt?: Date | null } {
  if (invoice.status !== "open") return { paymentActionRequiredAt: null };
  return change.eventType === PAYMENT_ACTION_REQUIRED_EVENT ? { paymentActionRequiredAt: change.created } : {};
}

/** Whether the customer must still authenticate the payment: flagged by Stripe and the invoice still open. */
export function paymentActionRequired(invoice: { status: string; paymentActionRequiredAt: Date | null }): boolean {
  return invoice.status === "open" && invoice.paymentActionRequiredAt !== null;
}
