// The process of every Stripe subscription event: apply the subscription snapshot, learning its
// customer from Stripe first when the subscription arrives before it.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { stripeSubscriptionSchema } from "@/lib/stripe/schemas";
import { applyStripeSubscription } from "@/lib/subscriptions/apply-stripe-subscription";
import { parseEventObject } from "./parse-event-object";

export async function syncStripeSubscription({ stripeEvent, change, step }: StripeEventContext) {
  const subscription = parseEventObject(stripeSubscriptionSchema, stripeEvent, "subscription");

  let result = await step("apply-subscription", () => applyStripeSubscription(subscription, change));
  if (result.outcome === "missing-customer") {
    await step("fetch-customer", () => fetchAndApplyStripeCustomer(subscription.customer));
    result = await step("apply-subscription-with-customer", () => applyStripeSubscription(subscription, change));
    if (result.outcome === "missing-customer") throw new NonRetriableError(`Stripe customer ${subscription.customer} could not be found.`);
  }
  return result;
}
