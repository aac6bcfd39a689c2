"use server";
// Server actions of the customer billing area, each through the one gate (session, permission, zod).
import { z } from "zod";
import { assertTenantAccess, authorizedAction } from "@/lib/auth/authorized-action";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { getStripe } from "@/lib/stripe/client";
import { getEnv } from "@/lib/config/env";
import { logger } from "@/lib/logging/logger";
import { requestTenantSync } from "@/lib/billing-sync/request-sync";

const uuid = z.uuid();

/** Opens the Stripe Customer Portal for one of the tenant's customers (a Stripe call on click, never on render). */
export const openCustomerPortalAction = authorizedAction("billing:view-own", z.object({ tenantId: uuid, customerId: uuid }), async (input, user) => {
  assertTenantAccess(user, input.tenantId);
  const customer = await db().customer.findFirst({ where: { id: input.customerId, tenantId: input.tenantId }, select: { stripeCustomerId: true } });
  if (!customer) throw new AppError("not_found", "That customer does not exist.");
  requestTenantSync(input.tenantId, "portal");
  try {
    const session = await getStripe().billingPortal.sessions.create({ customer: customer.stripeCustomerId, return_url: `${getEnv().appUrl}/billing` });
    return { url: session.url };
  } catch (error) {
    // The person sees a retry message; the cause goes to the log, under the tenant it concerns.
    logger().warn({ err: error, tenantId: input.tenantId }, "customer portal session could not be created");
    throw new AppError("unavailable", "Stripe is unreachable right now; try the portal again in a minute.");
  }
});
