// Resolves which tenant a billing page shows: a customer's own, or the one staff picked.
import "server-only";
import { resolveTenantScope } from "@/lib/auth/tenant-scope";
import type { SessionUser } from "@/lib/auth/session";
import { getTenantById, getTenantBySlug, listTenants } from "@/lib/tenants/queries";

export interface BillingScope {
  tenant: { id: string; slug: string; name: string } | null;
  /** Present for staff: every tenant they can switch to. */
  choices?: { slug: string; name: string }[];
}

export async function resolveBillingScope(user: SessionUser, requestedSlug?: string): Promise<BillingScope> {
  const pinned = resolveTenantScope(user, null);
  if (pinned) return { tenant: await getTenantById(pinned) };
  const choices = await listTenants();
  const tenant = requestedSlug ? await getTenantBySlug(requestedSlug) : null;
  return { tenant, choices };
}
