import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("demo seed", () => {
  it("loads a year of invoices in every status, with consistent totals", async () => {
    const first = await seedDemoData(database.prisma);
    expect(first.seeded).toBe(true);
    const statuses = await database.prisma.invoice.groupBy({ by: ["status"], _count: { _all: true } });
    expect(statuses.map((s) => s.status).sort()).toEqual(["draft", "open", "paid", "uncollectible", "void"]);
    const invoices = await database.prisma.invoice.findMany({ include: { lineItems: true } });
    for (const invoice of invoices) {
      expect(invoice.lineItems.reduce((sum, line) => sum + line.amount, BigInt(0))).toBe(invoice.total);
    }
    const span = invoices.map((i) => i.periodStart.getTime());
    expect(Math.max(...span) - Math.min(...span)).toBeGreaterThanOrEqual(360 * 86_400_000);
    expect(await database.prisma.auditEvent.count({ where: { entityType: "invoice" } })).toBeGreaterThanOrEqual(invoices.length);
  });

  it("is idempotent: a second run changes nothing", async () => {
    const before = await database.prisma.invoice.count();
    const second = await seedDemoData(database.prisma);
    expect(second.seeded).toBe(false);
    expect(await database.prisma.invoice.count()).toBe(before);
  });
});
