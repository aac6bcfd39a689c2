// Fixtures for the usage tests: a tenant with an API key, customers with and without a draft
// invoice, and a client for /api/usage over HTTP.
import { afterAll, beforeAll } from "vitest";
import * as correctionsRoute from "@/app/api/usage/corrections/route";
import * as usageRoute from "@/app/api/usage/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { seedDraftInvoice, seedTenantWithDraft } from "../billing-sync/helpers";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

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
  return seedDraftInvoice(prisma, tenantId, customerId, stripeInvoiceId, createdAt);
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

export interface UsageTenant {
  database: TestDatabase;
  host: RouteHost;
  tenant: Awaited<ReturnType<typeof seedUsageTenant>>;
  client: ReturnType<typeof usageClient>;
}

/**
 * A test file's fresh database, route host and seeded tenant with its API client, opened before the
 * file's tests and closed after them. The fields are set once `beforeAll` has run.
 */
export function usageTenantFixture(slug: string): UsageTenant {
  const fixture = {} as UsageTenant;
  beforeAll(async () => {
    fixture.database = await createTestDatabase();
    fixture.host = await startUsageHost();
    fixture.tenant = await seedUsageTenant(fixture.database.prisma, slug);
    fixture.client = usageClient(fixture.host, fixture.tenant.key);
  });
  afterAll(async () => {
    await fixture.host.close();
    await fixture.database.drop();
  });
  return fixture;
}

/**
 * Runs `work` in a transaction and keeps the transaction open until `release()`: its rows stay
 * written but uncommitted, or locked, while the test races other writes against it.
 */
export async function holdTransaction(prisma: PrismaClient, work: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<{ release(): Promise<void> }> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let ready!: () => void;
  const held = new Promise<void>((resolve) => (ready = resolve));
  const transaction = prisma.$transaction(
    async (tx) => {
      await work(tx);
      ready();
      await gate;
    },
    { timeout: 20_000 },
  );
  await Promise.race([held, transaction]);
  return {
    async release() {
      open();
      await transaction;
    },
  };
}
