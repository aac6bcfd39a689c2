// Stripe `invoice.paid`: sync the invoice (sync-stripe-invoice.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoicePaidFunction = createStripeEventFunction({ type: "invoice.paid", retryPolicy: "payment", process: syncStripeInvoice });
