// Stripe `charge.refunded`: record that the invoice's payment was refunded (record-charge-refunded.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { recordChargeRefunded } from "@/inngest/stripe-processes/record-charge-refunded";

export const stripeChargeRefundedFunction = createStripeEventFunction({ type: "charge.refunded", retryPolicy: "payment", process: recordChargeRefunded });
