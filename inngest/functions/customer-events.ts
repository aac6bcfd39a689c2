// One Inngest function per Stripe customer and subscription event type: apply the snapshot
// (learning the customer from Stripe first when a subscription arrives before it); the step that
// settles the event also closes its inbox entry.
import { NonRetriableError } from "inngest";
import { createStripeEventFunction, type StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeCustomer } from "@/lib/customers/apply-stripe-customer";
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeCustomerSchema, stripeSubscriptionSchema } from "@/lib/stripe/schemas";
import { applyStripeSubscription } from "@/lib/subscriptions/apply-stripe-subscription";

function changeOf(ctx: StripeEventContext) {
  return { sourceId: ctx.stripeEvent.id, eventType: ctx.stripeEvent.type, created: fromUnixSeconds(ctx.stripeEvent.created) };
}

function invalid(ctx: StripeEventContext, what: string, message: string | undefined): never {
  throw new NonRetriableError(`Invalid ${what} in ${ctx.stripeEvent.id}: ${message ?? "unreadable"}`);
}

async function syncCustomer(ctx: StripeEventContext) {
  const parsed = stripeCustomerSchema.safeParse(ctx.stripeEvent.data.object);
  if (!parsed.success) invalid(ctx, "customer", parsed.error.issues[0]?.message);
  return ctx.applyStep("apply-customer", () => applyStripeCustomer(parsed.data, changeOf(ctx)));
}

async function syncSubscription(ctx: StripeEventContext) {
  const parsed = stripeSubscriptionSchema.safeParse(ctx.stripeEvent.data.object);
  if (!parsed.success) invalid(ctx, "subscription", parsed.error.issues[0]?.message);
  const subscription = parsed.data;
  let result = await ctx.applyStep("apply-subscription", () => applyStripeSubscription(subscription, changeOf(ctx)));
  if (result.outcome === "missing-customer") {
    await ctx.step("fetch-customer", () => fetchAndApplyStripeCustomer(subscription.customer));
    result = await ctx.applyStep("apply-subscription-with-customer", () => applyStripeSubscription(subscription, changeOf(ctx)));
    if (result.outcome === "missing-customer") throw new NonRetriableError(`Stripe customer ${subscription.customer} could not be found.`);
  }
  return result;
}

export const customerCreated = createStripeEventFunction({ type: "customer.created", jobType: "customer-sync", handle: syncCustomer });
export const customerUpdated = createStripeEventFunction({ type: "customer.updated", jobType: "customer-sync", handle: syncCustomer });
export const customerDeleted = createStripeEventFunction({ type: "customer.deleted", jobType: "customer-sync", handle: syncCustomer });
export const subscriptionCreated = createStripeEventFunction({ type: "customer.subscription.created", jobType: "customer-sync", handle: syncSubscription });
export const subscriptionUpdated = createStripeEventFunction({ type: "customer.subscription.updated", jobType: "customer-sync", handle: syncSubscription });
export const subscriptionDeleted = createStripeEventFunction({ type: "customer.subscription.deleted", jobType: "customer-sync", handle: syncSubscription });
