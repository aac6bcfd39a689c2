// Stripe `customer.subscription.created`: sync the subscription (sync-stripe-subscription.ts), under the customer-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeSubscription } from "@/inngest/stripe-processes/sync-stripe-subscription";

export const stripeCustomerSubscriptionCreatedFunction = createStripeEventFunction({ type: "customer.subscription.created", retryPolicy: "customer-sync", process: syncStripeSubscription });
