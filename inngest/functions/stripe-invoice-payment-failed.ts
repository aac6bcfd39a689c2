// Stripe `invoice.payment_failed`: sync the invoice (sync-stripe-invoice.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeInvoice } from "@/inngest/stripe-processes/sync-stripe-invoice";

export const stripeInvoicePaymentFailedFunction = createStripeEventFunction({ type: "invoice.payment_failed", retryPolicy: "payment", process: syncStripeInvoice });
