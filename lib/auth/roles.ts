// Who may do what. Pages and actions ask for a permission, never for a role by name, so a
// role's reach changes here and only here.
import type { Role } from "@/lib/db/generated/enums";

export type { Role };

export const permissions = [
  "billing:view-own",
  "billing:view-any-tenant",
  "reports:view-own",
  "reports:view-any-tenant",
  "support:view",
  "billing:intervene",
  "conflicts:resolve",
  "dlq:replay",
  "dlq:discard",
  "dlq:edit-payload",
  "settings:edit",
] as const;

export type Permission = (typeof permissions)[number];

const grants: Record<Role, readonly Permission[]> = {
  customer: ["billing:view-own", "reports:view-own"],
  support: [
    "billing:view-own",
    "billing:view-any-tenant",
    "reports:view-own",
    "reports:view-any-tenant",
    "support:view",
    "billing:intervene",
    "conflicts:resolve",
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
