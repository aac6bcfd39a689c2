// Fixtures for the usage tests: a tenant with an API key, customers with and without a draft
// invoice, and a client for /api/usage over HTTP.
import * as correctionsRoute from "@/app/api/usage/corrections/route";
import * as usageRoute from "@/app/api/usage/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { PrismaClient } from "@/lib/db/generated/client";
import { seedTenantWithDraft } from "../billing-sync/helpers";
import { startRouteHost, type RouteHost } from "../support/route-host";

export async function startUsageHost(): Promise<RouteHost> {
  return startRouteHost({ "/api/usage": usageRoute, "/api/usage/corrections": correctionsRoute });
}

export async function seedUsageTenant(prisma: PrismaClient, slug: string) {
  const seeded = await seedTenantWithDraft(prisma, slug);
  const key = (await createApiKey({ tenantId: seeded.tenant.id, name: "producer", actor: "test" })).key;
  return { ...seeded, key };
}

/** A second customer of the tenant, with no invoice at all yet. */
export async function seedCustomerWithoutDraft(prisma: PrismaClient, tenantId: string, stripeCustomerId: string) {
  return prisma.customer.create({ data: { tenantId, stripeCustomerId, name: stripeCustomerId } });
}

export async function seedDraft(prisma: PrismaClient, tenantId: string, customerId: string, stripeInvoiceId: string, createdAt = new Date("2026-12-01T00:00:00Z")) {
  return prisma.invoice.create({
    data: {
      tenantId,
      customerId,
      stripeInvoiceId,
      status: "draft",
      currency: "usd",
      subtotal: 0,
      total: 0,
      amountDue: 0,
      amountPaid: 0,
      amountRemaining: 0,
      periodStart: createdAt,
      periodEnd: new Date(createdAt.getTime() + 30 * 86_400_000),
      stripeCreatedAt: createdAt,
    },
  });
}

export function increment(customer: string, key: string, quantity = 1, line = "api_calls", unitAmount = 3) {
  return { idempotencyKey: key, customer, line, description: `Usage: ${line}`, unitAmount, quantity };
}

export function usageClient(host: RouteHost, key: string) {
  const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
  return {
    post: (body: unknown) => fetch(host.url("/api/usage"), { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }),
    correct: (body: unknown) => fetch(host.url("/api/usage/corrections"), { method: "POST", headers, body: JSON.stringify(body) }),
    toDate: (customer: string) => fetch(host.url(`/api/usage?customer=${encodeURIComponent(customer)}`), { headers }),
  };
}

/** The sum of a line's increments on a draft plus what is held for the customer. */
export async function quantityOf(prisma: PrismaClient, customerId: string, line = "api_calls"): Promise<number> {
  const rows = await prisma.$queryRaw<{ total: bigint | null }[]>`
    SELECT (SELECT COALESCE(SUM(i.quantity), 0) FROM usage_increments i JOIN usage_lines l ON l.id = i.usage_line_id JOIN invoices inv ON inv.id = l.invoice_id
            WHERE inv.customer_id = ${customerId}::uuid AND l.line_key = ${line})
         + (SELECT COALESCE(SUM(p.quantity), 0) FROM pending_usage_increments p WHERE p.customer_id = ${customerId}::uuid AND p.line_key = ${line} AND p.attached_at IS NULL) AS total`;
  return Number(rows[0]?.total ?? 0);
}
