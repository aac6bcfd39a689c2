// Stripe `invoice.updated`: sync the invoice (sync-stripe-invoice.ts), under the invoice-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoiceUpdatedFunction = createStripeEventFunction({ type: "invoice.updated", retryPolicy: "invoice-sync", process: syncStripeInvoice });
