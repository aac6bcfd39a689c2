import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("schema constraints", () => {
  it("binds customer users to a tenant and staff to none", async () => {
    await expect(database.prisma.user.create({ data: { email: "c@x.test", name: "C", role: "customer" } })).rejects.toThrow();
    const tenant = await database.prisma.tenant.create({ data: { slug: "t", name: "T" } });
    await expect(database.prisma.user.create({ data: { email: "s@x.test", name: "S", role: "support", tenantId: tenant.id } })).rejects.toThrow();
    await database.prisma.user.create({ data: { email: "c@x.test", name: "C", role: "customer", tenantId: tenant.id } });
  });

  it("rejects negative amounts and malformed currencies on invoices", async () => {
    const tenant = await database.prisma.tenant.create({ data: { slug: "amounts", name: "Amounts" } });
    const customer = await database.prisma.customer.create({ data: { tenantId: tenant.id, stripeCustomerId: "cus_amounts" } });
    const base = {
      tenantId: tenant.id,
      customerId: customer.id,
      status: "open" as const,
      subtotal: 100,
      total: 100,
      amountDue: 100,
      amountPaid: 0,
      amountRemaining: 100,
      periodStart: new Date(),
      periodEnd: new Date(),
      stripeCreatedAt: new Date(),
    };
    await expect(database.prisma.invoice.create({ data: { ...base, stripeInvoiceId: "in_neg", currency: "usd", amountDue: -1 } })).rejects.toThrow();
    await expect(database.prisma.invoice.create({ data: { ...base, stripeInvoiceId: "in_cur", currency: "US$" } })).rejects.toThrow();
    await database.prisma.invoice.create({ data: { ...base, stripeInvoiceId: "in_ok", currency: "usd" } });
    await expect(database.prisma.invoice.create({ data: { ...base, stripeInvoiceId: "in_ok", currency: "usd" } })).rejects.toThrow();
  });
});
