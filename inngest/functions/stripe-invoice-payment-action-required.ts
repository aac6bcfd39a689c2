// Stripe `invoice.payment_action_required`: sync the invoice, flagging it until paid (sync-stripe-invoice.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoicePaymentActionRequiredFunction = createStripeEventFunction({
  type: "invoice.payment_action_required",
  retryPolicy: "payment",
  process: syncStripeInvoice,
});
