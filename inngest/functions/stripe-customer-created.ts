// Stripe `customer.created`: sync the customer (sync-stripe-customer.ts), under the customer-sync retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeCustomer } from "@/inngest/stripe-processes/sync-stripe-customer";

export const stripeCustomerCreatedFunction = createStripeEventFunction({ type: "customer.created", retryPolicy: "customer-sync", process: syncStripeCustomer });
