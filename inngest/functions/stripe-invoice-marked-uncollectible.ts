// Stripe `invoice.marked_uncollectible`: sync the invoice (sync-stripe-invoice.ts), under the invoice-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoiceMarkedUncollectibleFunction = createStripeEventFunction({ type: "invoice.marked_uncollectible", retryPolicy: "invoice-sync", process: syncStripeInvoice });
