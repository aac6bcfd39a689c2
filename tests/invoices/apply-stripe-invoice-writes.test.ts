// How an invoice apply writes: a bounded number of database calls inside its transaction (the
// lock, one read, one write), whatever the snapshot changes; lines replaced by the snapshot's
// exactly; the audit event naming the new version; and a line id another invoice already holds
// refused with nothing written. Many snapshots applied together cost a few calls in all (one read
// and one write per round of snapshots), and leave what applying them one by one leaves.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { applyStripeInvoice, applyStripeInvoiceInTransaction, applyStripeInvoicesTogether, type InvoiceSnapshotChange } from "@/lib/invoices/apply-stripe-invoice";
import type { StripeInvoice } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { expectRollupsMatchRebuild } from "../support/pipeline-invariants";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = (await database.prisma.tenant.create({ data: { slug: "writes", name: "Writes Co" } })).id;
  await database.prisma.customer.create({ data: { stripeCustomerId: "cus_writes_1", tenantId, name: "Writes Co" } });
});
afterAll(() => database.drop());

const T0 = 1_767_225_600;

function line(id: string, amount: number) {
  return { id, amount, currency: "eur", description: `line ${id}`, quantity: 1, period: { start: T0, end: T0 + 60 } };
}

function invoice(id: string, status: StripeInvoice["status"], lines: ReturnType<typeof line>[]): StripeInvoice {
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const paid = status === "paid";
  return {
    object: "invoice", id, customer: "cus_writes_1", status, currency: "eur", subtotal: total, total, amount_due: total,
    amount_paid: paid ? total : 0, amount_remaining: paid ? 0 : total, period_start: T0, period_end: T0 + 60, created: T0,
    status_transitions: { finalized_at: status === "draft" ? null : T0, paid_at: paid ? T0 + 120 : null },
    lines: { object: "list", data: lines, has_more: false },
  } as StripeInvoice;
}

const change = (sourceId: string, seconds: number, eventType = "invoice.updated"): StripeChange => ({ sourceId, eventType, created: new Date((T0 + seconds) * 1000) });

/** Counts every call the apply makes on its transaction client (each one a database round trip). */
function countingClient(tx: Prisma.TransactionClient, calls: string[]): Prisma.TransactionClient {
  const wrap = (target: object, path: string): unknown =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown;
        const name = `${path}${String(property)}`;
        if (typeof value === "function") {
          return (...args: unknown[]) => {
            calls.push(name);
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        return value && typeof value === "object" ? wrap(value, `${name}.`) : value;
      },
    });
  return wrap(tx, "") as Prisma.TransactionClient;
}

async function applyCounted(snapshot: StripeInvoice, stripeChange: StripeChange): Promise<string[]> {
  const calls: string[] = [];
  await database.prisma.$transaction((tx) => applyStripeInvoiceInTransaction(countingClient(tx, calls), snapshot, stripeChange));
  return calls;
}

async function storedLines(stripeInvoiceId: string) {
  const rows = await database.prisma.invoiceLineItem.findMany({ where: { invoice: { stripeInvoiceId } }, orderBy: { stripeLineItemId: "asc" } });
  return rows.map((row) => ({ id: row.stripeLineItemId, amount: Number(row.amount), description: row.description }));
}

describe("applyStripeInvoice writes", () => {
  it("takes the lock, reads once and writes once, for a new invoice and for a change to it", async () => {
    const created = await applyCounted(invoice("in_writes_1", "open", [line("il_w1_a", 1_000), line("il_w1_b", 2_000)]), change("evt_w1_created", 0, "invoice.created"));
    expect(created).toHaveLength(3);
    const paid = await applyCounted(invoice("in_writes_1", "paid", [line("il_w1_b", 2_500), line("il_w1_c", 500)]), change("evt_w1_paid", 10, "invoice.paid"));
    expect(paid).toHaveLength(3);
  });

  it("replaces the lines with the snapshot's and audits each change with the invoice's new version", async () => {
    await applyStripeInvoice(invoice("in_writes_2", "open", [line("il_w2_a", 1_000), line("il_w2_b", 2_000)]), change("evt_w2_created", 0, "invoice.created"));
    await applyStripeInvoice(invoice("in_writes_2", "open", [line("il_w2_b", 2_200), line("il_w2_c", 300)]), change("evt_w2_updated", 5));
    expect(await storedLines("in_writes_2")).toEqual([
      { id: "il_w2_b", amount: 2_200, description: "line il_w2_b" },
      { id: "il_w2_c", amount: 300, description: "line il_w2_c" },
    ]);
    const stored = await database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: "in_writes_2" } });
    expect(stored.version).toBe(2);
    const audit = await database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: stored.id }, orderBy: { id: "asc" } });
    expect(audit.map((event) => [event.sourceEventId, (event.payload as { version: number; lines: number }).version, (event.payload as { lines: number }).lines])).toEqual([
      ["evt_w2_created", 1, 2],
      ["evt_w2_updated", 2, 2],
    ]);
  });

  it("refuses a line id another invoice holds and writes nothing of the snapshot", async () => {
    await applyStripeInvoice(invoice("in_writes_3", "open", [line("il_w3_a", 1_000)]), change("evt_w3_created", 0, "invoice.created"));
    await expect(applyStripeInvoice(invoice("in_writes_4", "open", [line("il_w4_a", 100), line("il_w3_a", 900)]), change("evt_w4_created", 0, "invoice.created"))).rejects.toThrow();
    expect(await database.prisma.invoice.findUnique({ where: { stripeInvoiceId: "in_writes_4" } })).toBeNull();
    expect(await database.prisma.auditEvent.count({ where: { sourceEventId: "evt_w4_created" } })).toBe(0);
    expect(await storedLines("in_writes_3")).toEqual([{ id: "il_w3_a", amount: 1_000, description: "line il_w3_a" }]);
  });

  /**
   * A batch as a month-end run sends it: `count` invoices finalized, then a second snapshot of some
   * of them (paid, or overdue: snapshots that set different columns), all under `prefix`.
   */
  function monthEndBatch(prefix: string, count: number): InvoiceSnapshotChange[] {
    const id = (i: number) => `in_${prefix}_${i}`;
    const finalized = Array.from({ length: count }, (_, i) => ({
      invoice: invoice(id(i), "open", [line(`il_${prefix}_${i}_a`, 1_000 + i), line(`il_${prefix}_${i}_b`, 50)]),
      change: change(`evt_${prefix}_${i}_finalized`, 0, "invoice.finalized"),
    }));
    const paid = Array.from({ length: 10 }, (_, i) => ({
      invoice: invoice(id(i), "paid", [line(`il_${prefix}_${i}_a`, 1_000 + i)]),
      change: change(`evt_${prefix}_${i}_paid`, 30, "invoice.paid"),
    }));
    const overdue = { invoice: invoice(id(count - 1), "open", [line(`il_${prefix}_${count - 1}_a`, 1_000 + count - 1)]), change: change(`evt_${prefix}_overdue`, 40, "invoice.overdue") };
    const failed = { invoice: invoice(id(count - 2), "open", [line(`il_${prefix}_${count - 2}_a`, 1_000 + count - 2)]), change: change(`evt_${prefix}_failed`, 40, "invoice.payment_failed") };
    // Interleaved as deliveries arrive: an invoice's later snapshot after its first.
    return [...finalized.slice(0, 15), ...paid.slice(0, 5), ...finalized.slice(15), ...paid.slice(5), overdue, failed];
  }

  /** The stored invoices under `prefix`, with their lines and audit trail, ids left out. */
  async function storedUnder(prefix: string) {
    const invoices = await database.prisma.invoice.findMany({ where: { stripeInvoiceId: { startsWith: `in_${prefix}_` } }, include: { lineItems: true } });
    return Promise.all(
      invoices
        .sort((a, b) => a.stripeInvoiceId.localeCompare(b.stripeInvoiceId))
        .map(async (stored) => ({
          invoice: stored.stripeInvoiceId.replace(prefix, "x"),
          status: stored.status,
          version: stored.version,
          paid: Number(stored.amountPaid),
          overdue: stored.overdueAt?.toISOString() ?? null,
          lines: stored.lineItems.map((l) => `${l.stripeLineItemId?.replace(prefix, "x")}:${Number(l.amount)}`).sort(),
          audit: (await database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: stored.id }, orderBy: { id: "asc" } })).map((event) => [
            event.eventType,
            (event.payload as { version: number }).version,
            (event.payload as { statusFrom: string | null }).statusFrom,
          ]),
        })),
    );
  }

  it("applies a batch of snapshots in a few calls: the locks, one read and one write per round, the rollups", async () => {
    const calls: string[] = [];
    const transaction = db().$transaction.bind(db());
    const counted = vi
      .spyOn(db(), "$transaction")
      .mockImplementation(((work: (tx: Prisma.TransactionClient) => Promise<unknown>) => transaction((tx) => work(countingClient(tx, calls)))) as never);
    try {
      const results = await applyStripeInvoicesTogether(monthEndBatch("round", 30));
      expect(results.every((result) => result.outcome === "applied")).toBe(true);
    } finally {
      counted.mockRestore();
    }
    // The locks; round one (30 finalized): a read and a write; round two (10 paid, 1 overdue, 1
    // failed payment: three sets of columns): a read and three writes; the folded rollups.
    expect(calls).toHaveLength(8);
  });

  it("leaves what applying the same snapshots one by one leaves", async () => {
    await applyStripeInvoicesTogether(monthEndBatch("together", 30));
    for (const { invoice: snapshot, change: stripeChange } of monthEndBatch("alone", 30)) await applyStripeInvoice(snapshot, stripeChange);

    const together = await storedUnder("together");
    expect(together).toHaveLength(30);
    expect(together).toEqual(await storedUnder("alone"));
    expect(together.filter((stored) => stored.status === "paid")).toHaveLength(10);
    expect(together.find((stored) => stored.invoice === "in_x_29")).toMatchObject({ overdue: new Date((T0 + 40) * 1000).toISOString(), version: 2 });
    const failedAt = await database.prisma.$queryRaw<{ at: Date }[]>`
      SELECT f.payment_failed_at AS at FROM report_invoice_facts f JOIN invoices i ON i.id = f.invoice_id WHERE i.stripe_invoice_id = 'in_together_28'`;
    expect(failedAt.map((row) => row.at.toISOString())).toEqual([new Date((T0 + 40) * 1000).toISOString()]);
    await expectRollupsMatchRebuild(database.prisma);
  });
});
