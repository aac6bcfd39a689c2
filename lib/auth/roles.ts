// Who may do what. Pages and actions ask for a permission, never for a role by name, so a
// role's reach changes here and only here.
import type { Role } from "@/lib/db/generated/enums";

export type { Role };

export const permissions = [
  "billing:view-own",
  "billing:view-any-tenant",
  "api-keys:create",
  "api-keys:revoke",
  "reports:view-own",
  "reports:view-any-tenant",
  "support:view",
  "billing:intervene",
  "conflicts:resolve",
  "reconciliation:repair",
  "dlq:replay",
  "dlq:discard",
  "dlq:edit-payload",
  "settings:edit",
] as const;

export type Permission = (typeof permissions)[number];

// A usage API key posts billable usage into a tenant's invoices, so minting one is the tenant's
// own decision (customers, for their tenant only) or an admin's. Support may revoke a leaked key
// to contain it, but never creates one: that would let support bill any customer.
// Support may repair reconciliation drift: a repair only makes the local copy match what Stripe
// already says (re-read and applied as Stripe's own events would be); it changes nothing in Stripe.
const grants: Record<Role, readonly Permission[]> = {
  customer: ["billing:view-own", "reports:view-own", "api-keys:create", "api-keys:revoke"],
  support: [
    "billing:view-own",
    "billing:view-any-tenant",
    "api-keys:revoke",
    "reports:view-own",
    "reports:view-any-tenant",
    "support:view",
    "billing:intervene",
    "conflicts:resolve",
    "reconciliation:repair",
    "dlq:replay",
  ],
  admin: [...permissions],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isStaff(role: Role): boolean {
  return role === "support" || role === "admin";
}
