// Stripe `invoice.will_be_due`: a reminder before the due date; sync the invoice (sync-stripe-invoice.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoiceWillBeDueFunction = createStripeEventFunction({
  type: "invoice.will_be_due",
  retryPolicy: "payment",
  process: syncStripeInvoice,
});
