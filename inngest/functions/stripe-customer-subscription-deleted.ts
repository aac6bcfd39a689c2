// Stripe `customer.subscription.deleted`: sync the subscription (sync-stripe-subscription.ts), under the customer-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeSubscription } from "@/inngest/stripe-processes/sync-stripe-subscription";

export const stripeCustomerSubscriptionDeletedFunction = createStripeEventFunction({ type: "customer.subscription.deleted", retryPolicy: "customer-sync", process: syncStripeSubscription });
