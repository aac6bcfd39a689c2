// Stripe `invoice.finalized`: sync the invoice (sync-stripe-invoice.ts), under the invoice-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoiceFinalizedFunction = createStripeEventFunction({ type: "invoice.finalized", retryPolicy: "invoice-sync", process: syncStripeInvoice });
