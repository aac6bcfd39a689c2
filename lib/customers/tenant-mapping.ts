// Which tenant a Stripe customer belongs to: the `ledgerline_tenant` metadata key (a tenant
// slug) set when the customer is created. An unknown slug provisions the tenant.
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import type { StripeCustomer } from "@/lib/stripe/schemas";

export const TENANT_METADATA_KEY = "ledgerline_tenant";
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function resolveTenantForCustomer(tx: Prisma.TransactionClient, customer: StripeCustomer): Promise<string> {
  const slug = customer.metadata?.[TENANT_METADATA_KEY]?.trim().toLowerCase();
  if (!slug || !SLUG.test(slug)) {
    throw new AppError(
      "invalid_input",
      `Stripe customer ${customer.id} has no valid "${TENANT_METADATA_KEY}" metadata, so it cannot be assigned to a tenant. Set it in Stripe, then replay.`,
    );
  }
  const tenant = await tx.tenant.upsert({
    where: { slug },
    create: { slug, name: customer.metadata?.ledgerline_tenant_name ?? customer.name ?? slug },
    update: {},
    select: { id: true },
  });
  return tenant.id;
}
