import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveTenantScope } from "@/lib/auth/tenant-scope";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { getBillingSummaryForTenant, getInvoiceForTenant, listInvoicesForTenant } from "@/lib/billing/queries";
import { listAuditEventsForEntity } from "@/lib/audit/queries";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let acme: { id: string };
let globex: { id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
  acme = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
  globex = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "globex" } });
});
afterAll(() => database.drop());

const customerOf = (tenantId: string) => ({ id: "u", email: "u@x.test", name: "U", role: "customer" as const, tenantId });

describe("tenant isolation", () => {
  it("lists only the tenant's own invoices", async () => {
    const { invoices } = await listInvoicesForTenant(acme.id);
    expect(invoices.length).toBeGreaterThan(0);
    const owners = await database.prisma.invoice.findMany({ where: { id: { in: invoices.map((i) => i.id) } }, select: { tenantId: true } });
    expect(new Set(owners.map((o) => o.tenantId))).toEqual(new Set([acme.id]));
  });

  it("does not return another tenant's invoice by id, even when the id is known", async () => {
    const foreign = await database.prisma.invoice.findFirstOrThrow({ where: { tenantId: globex.id } });
    expect(await getInvoiceForTenant(acme.id, foreign.id)).toBeNull();
    expect(await getInvoiceForTenant(globex.id, foreign.id)).not.toBeNull();
    expect(await listAuditEventsForEntity(acme.id, "invoice", foreign.id)).toEqual([]);
  });

  it("treats malformed ids as not found instead of erroring", async () => {
    expect(await getInvoiceForTenant(acme.id, "'; DROP TABLE invoices; --")).toBeNull();
  });

  it("pins a customer to their own tenant whatever tenant the URL asks for", async () => {
    expect(resolveTenantScope(customerOf(acme.id), globex.id)).toBe(acme.id);
    const scope = await resolveBillingScope(customerOf(acme.id), "globex");
    expect(scope.tenant?.slug).toBe("acme");
    expect(scope.choices).toBeUndefined();
  });

  it("lets staff pick any tenant", async () => {
    const scope = await resolveBillingScope({ id: "s", email: "s@x.test", name: "S", role: "support", tenantId: null }, "globex");
    expect(scope.tenant?.slug).toBe("globex");
    expect(scope.choices?.length).toBe(4);
  });

  it("sums only the tenant's own outstanding amounts", async () => {
    const summary = await getBillingSummaryForTenant(acme.id);
    const expected = await database.prisma.invoice.aggregate({ where: { tenantId: acme.id, status: "open" }, _sum: { amountRemaining: true } });
    expect(summary.find((s) => s.status === "open")?.amountRemaining).toBe(Number(expected._sum.amountRemaining));
  });
});
