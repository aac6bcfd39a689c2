// Rollups maintained incrementally by the invoice transaction equal a from-scratch aggregation of
// the invoices, after any random sequence of invoice events (fast-check).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { applyStripeInvoiceDeletion } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { rollupRowsSql, type RollupTable } from "@/lib/reports/invoice-rollups";
import { rebuildInvoiceRollups } from "@/lib/reports/rebuild-rollups";
import type { StripeInvoice } from "@/lib/stripe/schemas";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
const customers = ["cus_prop_a1", "cus_prop_a2", "cus_prop_b1"];

beforeAll(async () => {
  database = await createTestDatabase();
  const [a, b] = await Promise.all([
    database.prisma.tenant.create({ data: { slug: "prop-a", name: "Prop A" } }),
    database.prisma.tenant.create({ data: { slug: "prop-b", name: "Prop B" } }),
  ]);
  for (const [i, id] of customers.entries()) {
    await database.prisma.customer.create({ data: { stripeCustomerId: id, tenantId: i < 2 ? a.id : b.id, name: id } });
  }
});
afterAll(() => database.drop());

const DAY = 86_400;
const BASE = 1_767_225_600; // 2026-01-01T00:00:00Z

const eventArb = fc.record({
  invoice: fc.nat({ max: 4 }),
  customer: fc.nat({ max: customers.length - 1 }),
  status: fc.constantFrom("draft", "open", "paid", "uncollectible", "void" as const),
  eventType: fc.constantFrom("invoice.created", "invoice.finalized", "invoice.updated", "invoice.paid", "invoice.payment_failed", "invoice.voided", "invoice.deleted"),
  currency: fc.constantFrom("usd", "eur"),
  total: fc.integer({ min: 0, max: 500_000 }),
  paidShare: fc.integer({ min: 0, max: 100 }),
  createdDay: fc.integer({ min: 0, max: 40 }),
  paidAfterDays: fc.integer({ min: 0, max: 40 }),
  dueAfterDays: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  authoritative: fc.boolean(),
});

type InvoiceEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function snapshot(run: number, e: InvoiceEvent): StripeInvoice {
  const created = BASE + e.createdDay * DAY;
  const paid = e.status === "paid" ? e.total : Math.floor((e.total * e.paidShare) / 100);
  const remaining = e.status === "open" ? e.total - paid : 0;
  return {
    object: "invoice",
    id: `in_prop_${run}_${e.invoice}`,
    customer: customers[e.customer] ?? "cus_prop_a1",
    status: e.status,
    currency: e.currency,
    subtotal: e.total,
    total: e.total,
    amount_due: e.total,
    amount_paid: paid,
    amount_remaining: remaining,
    period_start: created - 30 * DAY,
    period_end: created,
    due_date: e.dueAfterDays === null ? null : created + e.dueAfterDays * DAY,
    created,
    status_transitions: { finalized_at: created, paid_at: e.status === "paid" ? created + e.paidAfterDays * DAY : null },
    lines: { data: [{ id: `il_prop_${run}_${e.invoice}`, amount: e.total, currency: e.currency, quantity: 1 }] },
  };
}

const tables: RollupTable[] = ["report_revenue_daily", "report_collection_daily", "report_receivables_daily", "report_customer_monthly"];

/** Every non-zero rollup row as the reports read it (summed over its shards), as text, in a fixed order. */
async function rollupRows(): Promise<string[]> {
  const out: string[] = [];
  for (const table of tables) {
    const rows = await database.connection.query<{ line: string }>(`SELECT (t.*)::text AS line FROM (${rollupRowsSql(table)}) t ORDER BY 1`);
    // A row whose every figure went back to zero is the same as no row.
    out.push(...rows.filter((r) => !allFiguresZero(r.line)).map((r) => `${table} ${r.line}`));
  }
  return out;
}

function allFiguresZero(line: string): boolean {
  const figures = line.slice(1, -1).split(",").filter((v) => /^-?\d+$/.test(v));
  return figures.every((v) => v === "0");
}

describe("incremental rollups", () => {
  it("equal a from-scratch aggregation after random sequences of invoice events", async () => {
    let run = 0;
    let eventSecond = BASE;
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 12 }), async (events) => {
        run += 1;
        for (const [i, e] of events.entries()) {
          eventSecond += 1;
          const change = { sourceId: `evt_prop_${run}_${i}`, eventType: e.eventType, created: new Date(eventSecond * 1000) };
          const invoice = snapshot(run, e);
          // A deleted invoice contributes nothing, and nothing after its deletion is applied.
          if (e.eventType === "invoice.deleted") await applyStripeInvoiceDeletion({ id: invoice.id, object: "invoice", deleted: true }, change);
          else await applyStripeInvoice(invoice, change, { authoritative: e.authoritative });
        }
        const incremental = await rollupRows();
        await rebuildInvoiceRollups({ backfillFacts: false });
        expect(incremental).toEqual(await rollupRows());
      }),
      { numRuns: 25 },
    );
  });
});
