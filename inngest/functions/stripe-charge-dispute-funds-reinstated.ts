// Stripe `charge.dispute.funds_reinstated`: apply the dispute to its invoice (sync-stripe-dispute.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeDispute } from "@/inngest/stripe-processes/sync-stripe-dispute";

export const stripeChargeDisputeFundsReinstatedFunction = createStripeEventFunction({ type: "charge.dispute.funds_reinstated", retryPolicy: "payment", process: syncStripeDispute });
