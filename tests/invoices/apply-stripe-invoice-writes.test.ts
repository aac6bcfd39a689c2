// How an invoice apply writes: a bounded number of database calls inside its transaction (the
// lock, one read, one write), whatever the snapshot changes; lines replaced by the snapshot's
// exactly; the audit event naming the new version; and a line id another invoice already holds
// refused with nothing written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/db/generated/client";
import { applyStripeInvoice, applyStripeInvoiceInTransaction } from "@/lib/invoices/apply-stripe-invoice";
import type { StripeInvoice } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";
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
});
