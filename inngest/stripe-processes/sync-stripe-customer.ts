// The process of every Stripe customer event: apply the customer snapshot.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { requireSupportedApiVersion } from "@/inngest/stripe-processes/require-supported-api-version";
import { applyStripeCustomer } from "@/lib/customers/apply-stripe-customer";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeCustomerSchema } from "@/lib/stripe/schemas";

export async function syncStripeCustomer({ stripeEvent, step }: StripeEventContext) {
  requireSupportedApiVersion(stripeEvent);
  const parsed = stripeCustomerSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid customer in ${stripeEvent.id}: ${parsed.error.issues[0]?.message ?? "unreadable"}`);
  const change = { sourceId: stripeEvent.id, eventType: stripeEvent.type, created: fromUnixSeconds(stripeEvent.created) };
  return step("apply-customer", () => applyStripeCustomer(parsed.data, change));
}
