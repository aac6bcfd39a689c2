// Stripe `invoice.overdue`: sync the invoice, marking it overdue until it leaves open (sync-stripe-invoice.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoiceOverdueFunction = createStripeEventFunction({
  type: "invoice.overdue",
  retryPolicy: "payment",
  process: syncStripeInvoice,
});
