// The process of every Stripe customer event: apply the customer snapshot.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeCustomer } from "@/lib/customers/apply-stripe-customer";
import { stripeCustomerSchema } from "@/lib/stripe/schemas";

export async function syncStripeCustomer({ stripeEvent, change, step }: StripeEventContext) {
  const parsed = stripeCustomerSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid customer in ${stripeEvent.id}: ${parsed.error.issues[0]?.message ?? "unreadable"}`);
  return step("apply-customer", () => applyStripeCustomer(parsed.data, change));
}
