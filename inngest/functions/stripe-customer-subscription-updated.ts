// Stripe `customer.subscription.updated`: sync the subscription (sync-stripe-subscription.ts), under the customer-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeSubscription } from "@/inngest/stripe-processes/sync-stripe-subscription";

export const stripeCustomerSubscriptionUpdatedFunction = createStripeEventFunction({ type: "customer.subscription.updated", retryPolicy: "customer-sync", process: syncStripeSubscription });
