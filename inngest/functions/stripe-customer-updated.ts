// Stripe `customer.updated`: sync the customer (sync-stripe-customer.ts), under the customer-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeCustomer } from "@/inngest/stripe-processes/sync-stripe-customer";

export const stripeCustomerUpdatedFunction = createStripeEventFunction({ type: "customer.updated", retryPolicy: "customer-sync", process: syncStripeCustomer });
