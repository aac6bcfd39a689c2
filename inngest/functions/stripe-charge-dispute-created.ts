// Stripe `charge.dispute.created`: apply the dispute to its invoice (sync-stripe-dispute.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeDispute } from "@/inngest/stripe-processes/sync-stripe-dispute";

export const stripeChargeDisputeCreatedFunction = createStripeEventFunction({ type: "charge.dispute.created", retryPolicy: "payment", process: syncStripeDispute });
