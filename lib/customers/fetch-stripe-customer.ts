// Reads a customer from Stripe (API or simulator) and applies it: the way to learn about a
// customer whose own `customer.created` event has not arrived yet.
import { getStripe } from "@/lib/stripe/client";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeCustomerSchema } from "@/lib/stripe/schemas";
import { applyStripeCustomer } from "./apply-stripe-customer";

export async function fetchAndApplyStripeCustomer(stripeCustomerId: string) {
  const customer = stripeCustomerSchema.parse(await getStripe().customers.retrieve(stripeCustomerId));
  // Its creation time orders it before any real event about it, so those still apply.
  const created = fromUnixSeconds(customer.created ?? 0);
  return applyStripeCustomer(customer, { sourceId: `fetch:${customer.id}`, eventType: "customer.fetched", created });
}
