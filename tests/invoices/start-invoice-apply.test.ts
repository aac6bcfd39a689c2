// An invoice apply's transaction runs without PostgreSQL's JIT compiler from its first statement
// on (lib/invoices/start-invoice-apply.ts), and the applies themselves go through it. PGlite
// has no JIT: there the control below finds none either, and the checks hold trivially.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/db/generated/client";
import { applyStripeInvoiceInTransaction } from "@/lib/invoices/apply-stripe-invoice";
import { startInvoiceApply } from "@/lib/invoices/start-invoice-apply";
import type { StripeInvoice } from "@/lib/stripe/schemas";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = (await database.prisma.tenant.create({ data: { slug: "jit", name: "Jit Co" } })).id;
  await database.prisma.customer.create({ data: { stripeCustomerId: "cus_jit_1", tenantId, name: "Jit Co" } });
});
afterAll(async () => {
  await database.drop();
});

const T0 = 1_767_225_600;
const openInvoice = {
  object: "invoice", id: "in_lock_apply", customer: "cus_jit_1", status: "open", currency: "eur", subtotal: 1_000, total: 1_000, amount_due: 1_000,
  amount_paid: 0, amount_remaining: 1_000, period_start: T0, period_end: T0 + 60, created: T0,
  status_transitions: { finalized_at: T0, paid_at: null },
  lines: { object: "list", data: [{ id: "il_lock_1", amount: 1_000, currency: "eur", description: "seat", quantity: 1, period: { start: T0, end: T0 + 60 } }], has_more: false },
} as StripeInvoice;

/** Whether PostgreSQL compiled this statement with JIT, read from its EXPLAIN ANALYZE plan. */
async function jitCompiles(tx: Prisma.TransactionClient): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(`EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(n) FROM generate_series(1, 1000) AS n`);
  const plan = Object.values(rows[0]!)[0];
  return JSON.stringify(typeof plan === "string" ? JSON.parse(plan) : plan).includes('"JIT"');
}

/** Whether this server can compile with JIT at all (PGlite cannot). */
async function jitAvailable(): Promise<boolean> {
  const [row] = await database.prisma.$queryRawUnsafe<{ available: boolean }[]>(`SELECT pg_jit_available() AS available`);
  return row!.available;
}

describe("an invoice apply's transaction", () => {
  it("compiles nothing with JIT after the invoices' locks, though every statement would be compiled before them", async () => {
    const { before, after } = await database.prisma.$transaction(async (tx) => {
      // Every statement is past the threshold: JIT decides on cost alone.
      await tx.$executeRawUnsafe(`SET LOCAL jit_above_cost = 0`);
      const before = await jitCompiles(tx);
      await startInvoiceApply(tx, ["in_lock_1", "in_lock_2"]);
      return { before, after: await jitCompiles(tx) };
    });
    expect(before).toBe(await jitAvailable());
    expect(after).toBe(false);
  });

  it("is what an apply starts with", async () => {
    const after = await database.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL jit_above_cost = 0`);
      const { result } = await applyStripeInvoiceInTransaction(tx, openInvoice, { sourceId: "evt_lock_apply", eventType: "invoice.finalized", created: new Date(T0 * 1000) });
      expect(result.outcome).toBe("applied");
      return jitCompiles(tx);
    });
    expect(after).toBe(false);
  });
});
