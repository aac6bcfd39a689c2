// The process of every Stripe subscription event: apply the subscription snapshot, learning its
// customer from Stripe first when the subscription arrives before it.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { requireSupportedApiVersion } from "@/inngest/stripe-processes/require-supported-api-version";
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeSubscriptionSchema } from "@/lib/stripe/schemas";
import { applyStripeSubscription } from "@/lib/subscriptions/apply-stripe-subscription";

export async function syncStripeSubscription({ stripeEvent, step }: StripeEventContext) {
  requireSupportedApiVersion(stripeEvent);
  const parsed = stripeSubscriptionSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid subscription in ${stripeEvent.id}: ${parsed.error.issues[0]?.message ?? "unreadable"}`);
  const subscription = parsed.data;
  const change = { sourceId: stripeEvent.id, eventType: stripeEvent.type, created: fromUnixSeconds(stripeEvent.created) };

  let result = await step("apply-subscription", () => applyStripeSubscription(subscription, change));
  if (result.outcome === "missing-customer") {
    await step("fetch-customer", () => fetchAndApplyStripeCustomer(subscription.customer));
    result = await step("apply-subscription-with-customer", () => applyStripeSubscription(subscription, change));
    if (result.outcome === "missing-customer") throw new NonRetriableError(`Stripe customer ${subscription.customer} could not be found.`);
  }
  return result;
}
