// Stripe `invoice.deleted`: mark the draft deleted (delete-stripe-invoice.ts), under the invoice-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { deleteStripeInvoice } from "@/inngest/stripe-processes/delete-stripe-invoice";

export const stripeInvoiceDeletedFunction = createStripeEventFunction({ type: "invoice.deleted", retryPolicy: "invoice-sync", process: deleteStripeInvoice });
