// Stripe `invoice_payment.paid`: remember which invoice the payment paid (record-invoice-payment.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { recordInvoicePayment } from "@/inngest/stripe-processes/record-invoice-payment";

export const stripeInvoicePaymentPaidFunction = createStripeEventFunction({ type: "invoice_payment.paid", retryPolicy: "payment", process: recordInvoicePayment });
