// The tenant a Stripe event concerns, when Ledgerline knows its customer.
import { db } from "@/lib/db/client";
import type { StripeEvent } from "./schemas";

export function stripeCustomerIdOf(event: StripeEvent): string | null {
  const object = event.data.object;
  if (object.object === "customer" && typeof object.id === "string") return object.id;
  const customer = object.customer;
  if (typeof customer === "string") return customer;
  if (customer && typeof customer === "object" && "id" in customer && typeof customer.id === "string") return customer.id;
  return null;
}

export async function tenantIdOfEvent(event: StripeEvent): Promise<string | null> {
  const customerId = stripeCustomerIdOf(event);
  if (!customerId) return null;
  const customer = await db().customer.findUnique({ where: { stripeCustomerId: customerId }, select: { tenantId: true } });
  return customer?.tenantId ?? null;
}
