// Which tenant a report reads. A customer is pinned to their own tenant whatever the URL says;
// staff see one tenant (?tenant=slug) or the totals of every tenant.
import "server-only";
import { can, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { getTenantById, getTenantBySlug, listTenants } from "@/lib/tenants/queries";
import { ALL_TENANTS } from "./report-names";

export interface ReportUser {
  role: Role;
  tenantId: string | null;
}

export interface ReportScope {
  /** The tenant id the rollups are read under (ALL_TENANTS for staff totals). */
  scopeId: string;
  /** The tenant shown; null = every tenant. */
  tenant: { id: string; slug: string; name: string } | null;
  /** Present for staff: the tenants they can switch to. */
  choices?: { slug: string; name: string }[];
}

export async function resolveReportScope(user: ReportUser, requestedSlug?: string, options: { withChoices?: boolean } = {}): Promise<ReportScope> {
  if (!can(user.role, "reports:view-any-tenant")) {
    if (!can(user.role, "reports:view-own")) throw new AppError("forbidden", "You do not have permission to view reports.");
    if (!user.tenantId) throw new AppError("forbidden", "This account does not belong to a tenant.");
    const tenant = await getTenantById(user.tenantId);
    if (!tenant) throw new AppError("not_found", "Your tenant no longer exists.");
    return { scopeId: tenant.id, tenant };
  }
  const choices = options.withChoices ? await listTenants() : undefined;
  if (!requestedSlug) return { scopeId: ALL_TENANTS, tenant: null, choices };
  const tenant = await getTenantBySlug(requestedSlug);
  if (!tenant) throw new AppError("not_found", `No tenant called “${requestedSlug}”.`);
  return { scopeId: tenant.id, tenant, choices };
}
