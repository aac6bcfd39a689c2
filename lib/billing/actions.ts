"use server";
// Server actions of the billing area, each through the one gate (session, permission, zod).
import { z } from "zod";
import { assertTenantAccess, authorizedAction } from "@/lib/auth/authorized-action";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { resolveConflict } from "@/lib/reconciliation/resolve-conflict";
import { getStripe } from "@/lib/stripe/client";
import { getEnv } from "@/lib/config/env";
import { requestTenantSync } from "@/lib/sync/request-sync";
import { setInvoiceHold, setUsageLineQuantity } from "./intervene-on-invoice";

const reason = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(500);
const uuid = z.uuid();

export const setUsageLineQuantityAction = authorizedAction(
  "billing:intervene",
  z.object({ invoiceId: uuid, usageLineId: uuid, quantity: z.coerce.number().int().min(0).max(100_000_000), reason, expectedVersion: z.coerce.number().int().min(1) }),
  async (input, user) => {
    const result = await setUsageLineQuantity(input, { email: user.email ?? user.id });
    return result;
  },
);

export const setInvoiceHoldAction = authorizedAction(
  "billing:intervene",
  z.object({ invoiceId: uuid, held: z.boolean(), reason, expectedVersion: z.coerce.number().int().min(1) }),
  (input, user) => setInvoiceHold(input, { email: user.email ?? user.id }),
);

export const resolveConflictAction = authorizedAction(
  "conflicts:resolve",
  z.object({ conflictId: uuid, resolution: z.enum(["accept_theirs", "keep_ours"]) }),
  async (input, user) => {
    const result = await resolveConflict(input, { email: user.email ?? user.id });
    if (input.resolution === "keep_ours") requestTenantSync(result.tenantId, "support");
    return result;
  },
);

export const createApiKeyAction = authorizedAction(
  "api-keys:create",
  z.object({ tenantId: uuid, name: z.string().trim().min(1).max(80) }),
  async (input, user) => {
    assertTenantAccess(user, input.tenantId);
    const created = await createApiKey({ tenantId: input.tenantId, name: input.name, actor: user.email ?? user.id });
    return { id: created.id, key: created.key, keyPrefix: created.keyPrefix };
  },
);

export const revokeApiKeyAction = authorizedAction("api-keys:revoke", z.object({ tenantId: uuid, id: uuid }), async (input, user) => {
  assertTenantAccess(user, input.tenantId);
  if (!(await revokeApiKey({ ...input, actor: user.email ?? user.id }))) throw new AppError("not_found", "That key does not exist or is already revoked.");
  return { revoked: true };
});

/** Opens the Stripe Customer Portal for one of the tenant's customers (a Stripe call on click, never on render). */
export const openCustomerPortalAction = authorizedAction("billing:view-own", z.object({ tenantId: uuid, customerId: uuid }), async (input, user) => {
  assertTenantAccess(user, input.tenantId);
  const customer = await db().customer.findFirst({ where: { id: input.customerId, tenantId: input.tenantId }, select: { stripeCustomerId: true } });
  if (!customer) throw new AppError("not_found", "That customer does not exist.");
  requestTenantSync(input.tenantId, "portal");
  try {
    const session = await getStripe().billingPortal.sessions.create({ customer: customer.stripeCustomerId, return_url: `${getEnv().appUrl}/billing` });
    return { url: session.url };
  } catch {
    throw new AppError("unavailable", "Stripe is unreachable right now; try the portal again in a minute.");
  }
});
