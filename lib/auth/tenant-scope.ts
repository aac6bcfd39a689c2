// Which tenant a request may read. A customer is pinned to their own tenant whatever the URL
// says; staff may pick any tenant.
import { can } from "./roles";
import type { Role } from "./roles";

export interface ScopedUser {
  role: Role;
  tenantId: string | null;
}

/** The tenant id to read, or null when a staff member has not picked one. */
export function resolveTenantScope(user: ScopedUser, requestedTenantId?: string | null): string | null {
  if (can(user.role, "billing:view-any-tenant")) return requestedTenantId ?? null;
  if (!user.tenantId) throw new Error("A customer account must belong to a tenant.");
  return user.tenantId;
}
