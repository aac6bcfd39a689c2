// Stripe `charge.dispute.closed`: apply the dispute's outcome, won or lost (sync-stripe-dispute.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeDispute } from "@/inngest/stripe-processes/sync-stripe-dispute";

export const stripeChargeDisputeClosedFunction = createStripeEventFunction({ type: "charge.dispute.closed", retryPolicy: "payment", process: syncStripeDispute });
