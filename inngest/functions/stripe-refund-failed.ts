// Stripe `refund.failed`: apply the failed refund, which no longer counts (sync-stripe-refund.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeRefund } from "@/inngest/stripe-processes/sync-stripe-refund";

export const stripeRefundFailedFunction = createStripeEventFunction({ type: "refund.failed", retryPolicy: "payment", process: syncStripeRefund });
