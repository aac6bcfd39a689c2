// Tenant lookups for staff pickers and headers.
import "server-only";
import { db } from "@/lib/db/client";

export async function listTenants() {
  return db().tenant.findMany({ orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
}

export async function getTenantBySlug(slug: string) {
  return db().tenant.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
}

export async function getTenantById(id: string) {
  return db().tenant.findUnique({ where: { id }, select: { id: true, slug: true, name: true } });
}
