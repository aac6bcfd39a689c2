// Stripe `charge.dispute.updated`: apply the dispute to its invoice (sync-stripe-dispute.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeDispute } from "@/inngest/stripe-processes/sync-stripe-dispute";

export const stripeChargeDisputeUpdatedFunction = createStripeEventFunction({ type: "charge.dispute.updated", retryPolicy: "payment", process: syncStripeDispute });
