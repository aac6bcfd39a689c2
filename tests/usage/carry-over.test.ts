// Usage a closed invoice never got to Stripe is carried to the customer's next draft — also when a
// line's last Stripe write was still of unknown outcome at closing, once that is settled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carryOverUnsyncedUsage } from "@/lib/usage/carry-over-usage";
import { seedTenantWithDraft } from "../billing-sync/helpers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { quantityOf } from "./helpers";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe("carrying usage over from a closed invoice", () => {
  it("waits for a line's unsettled Stripe write instead of closing the invoice out without it", async () => {
    const { tenant, customer, invoice } = await seedTenantWithDraft(database.prisma, "carry-unsettled");
    const line = await database.prisma.usageLine.create({
      data: { tenantId: tenant.id, invoiceId: invoice.id, lineKey: "api_calls", description: "Usage: api_calls", unitAmount: 3, currency: "usd", syncedQuantity: 2, pendingOp: "update", pendingQuantity: 7 },
    });
    await database.prisma.usageIncrement.createMany({
      data: [2, 5].map((quantity, n) => ({ tenantId: tenant.id, usageLineId: line.id, quantity, idempotencyKey: `carry-unsettled-${n}`, source: "api", actor: "test" })),
    });
    await database.prisma.invoice.update({ where: { id: invoice.id }, data: { status: "open" } });

    expect(await carryOverUnsyncedUsage(tenant.id)).toBe(0);
    // The write turned out not to have reached Stripe (as a conflict resolution settles it).
    await database.prisma.usageLine.update({ where: { id: line.id }, data: { pendingOp: null, pendingQuantity: null } });

    expect(await carryOverUnsyncedUsage(tenant.id)).toBe(5);
    const held = await database.prisma.$queryRaw<{ total: bigint }[]>`
      SELECT COALESCE(SUM(quantity), 0) AS total FROM pending_usage_increments WHERE customer_id = ${customer.id}::uuid AND attached_at IS NULL`;
    expect(Number(held[0]?.total)).toBe(5);
    expect(await quantityOf(database.prisma, customer.id)).toBe(7);
  });
});
