// Stripe `charge.dispute.funds_withdrawn`: apply the dispute to its invoice (sync-stripe-dispute.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeDispute } from "@/inngest/stripe-processes/sync-stripe-dispute";

export const stripeChargeDisputeFundsWithdrawnFunction = createStripeEventFunction({ type: "charge.dispute.funds_withdrawn", retryPolicy: "payment", process: syncStripeDispute });
