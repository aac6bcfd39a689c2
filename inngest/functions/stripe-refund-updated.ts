// Stripe `refund.updated`: apply the refund to its invoice (sync-stripe-refund.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeRefund } from "@/inngest/stripe-processes/sync-stripe-refund";

export const stripeRefundUpdatedFunction = createStripeEventFunction({ type: "refund.updated", retryPolicy: "payment", process: syncStripeRefund });
