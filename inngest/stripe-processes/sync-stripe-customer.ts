// The process of every Stripe customer event: apply the customer snapshot.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeCustomer } from "@/lib/customers/apply-stripe-customer";
import { stripeCustomerSchema } from "@/lib/stripe/schemas";
import { parseEventObject } from "./parse-event-object";

export async function syncStripeCustomer({ stripeEvent, change, step }: StripeEventContext) {
  const customer = parseEventObject(stripeCustomerSchema, stripeEvent, "customer");
  return step("apply-customer", () => applyStripeCustomer(customer, change));
}
