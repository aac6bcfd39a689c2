// The batch lane's process on its own: it settles the invoice events it can finish on the
// database, exactly as their own functions would (one audit event each, the inbox processed, the
// report rollups moved), in one transaction, and hands back, untouched, every event that needs
// Stripe or cannot be read. Run twice (a crash mid-batch), it settles nothing twice; one bad event
// in a batch fails alone.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyInvoiceEventsInBatch } from "@/inngest/stripe-processes/apply-invoice-events-in-batch";
import { db } from "@/lib/db/client";
import { stripeEventSchema, type StripeEvent } from "@/lib/stripe/schemas";
import { fixtureId, invoiceObject, stripeEvent, type InvoiceInput } from "../fixtures/stripe-events";
import { expectRollupsMatchRebuild } from "../support/pipeline-invariants";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
const CUSTOMER = "cus_batchLane1";
// 2026-11-02T00:00:00Z
const T0 = 1_793_577_600;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenantId = (await database.prisma.tenant.create({ data: { slug: "batch-lane", name: "Batch Lane Co" } })).id;
  await database.prisma.customer.create({ data: { stripeCustomerId: CUSTOMER, tenantId, name: "Batch Lane Co" } });
});
afterAll(() => database.drop());

/** An invoice event as accepted: parsed as the webhook route parses it, and in the inbox. */
async function acceptedEvent(type: string, invoice: Partial<InvoiceInput> & { created: number }, apiVersion?: string): Promise<StripeEvent> {
  const object = invoiceObject({ customer: CUSTOMER, lines: [{ unitAmount: 1200 }], ...invoice });
  const event = stripeEventSchema.parse(stripeEvent({ type, object, created: invoice.created, apiVersion }));
  await database.prisma.webhookInbox.create({
    data: { eventId: event.id, type, apiVersion: event.api_version, payload: JSON.parse(JSON.stringify(event)), stripeCreatedAt: new Date(event.created * 1000), status: "dispatched" },
  });
  return event;
}

async function auditsOf(eventId: string) {
  return database.prisma.auditEvent.count({ where: { sourceEventId: eventId } });
}

describe("applying invoice events in a batch", () => {
  it("settles what the database alone can finish and hands back, untouched, what it cannot", async () => {
    const invoiceId = fixtureId("in", "batch");
    const created = await acceptedEvent("invoice.created", { id: invoiceId, status: "draft", created: T0 });
    const finalized = await acceptedEvent("invoice.finalized", { id: invoiceId, status: "open", created: T0 + 60, finalizedAt: T0 + 60 });
    const longInvoice = await acceptedEvent("invoice.created", {
      status: "draft",
      created: T0,
      lines: Array.from({ length: 12 }, (_, i) => ({ unitAmount: 100 + i })),
    });
    const oldVersion = await acceptedEvent("invoice.created", { status: "draft", created: T0 }, "2019-12-03");
    const unknownCustomer = await acceptedEvent("invoice.created", { status: "draft", created: T0, customer: "cus_batchLaneUnknown" });

    const outcomes = await applyInvoiceEventsInBatch([created, finalized, longInvoice, oldVersion, unknownCustomer]);

    expect(outcomes.map((outcome) => ("settled" in outcome ? outcome.settled : "handed back"))).toEqual(["applied", "applied", "handed back", "handed back", "handed back"]);
    const stored = await database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoiceId } });
    expect(stored.status).toBe("open");
    for (const event of [created, finalized]) {
      expect(await auditsOf(event.id)).toBe(1);
      expect((await database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id } })).status).toBe("processed");
    }
    for (const event of [longInvoice, oldVersion, unknownCustomer]) {
      expect(await auditsOf(event.id)).toBe(0);
      expect((await database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id } })).status).toBe("dispatched");
      expect(await database.prisma.invoice.count({ where: { stripeInvoiceId: (event.data.object as { id: string }).id } })).toBe(0);
    }
    expect(outcomes[2]).toMatchObject({ handedBack: expect.stringMatching(/lines must be fetched/) });
    expect(outcomes[3]).toMatchObject({ handedBack: expect.stringMatching(/API version 2019-12-03/) });
    expect(outcomes[4]).toMatchObject({ handedBack: "missing-customer" });
  });

  it("applies a batch's invoices in one transaction, with the rollups a rebuild gives", async () => {
    const events = await Promise.all(
      Array.from({ length: 6 }, (_, i) => acceptedEvent("invoice.paid", { status: "paid", created: T0 + i, finalizedAt: T0, paidAt: T0 + i, lines: [{ unitAmount: 1000 + i }] })),
    );
    const transactions = vi.spyOn(db(), "$transaction");
    try {
      const outcomes = await applyInvoiceEventsInBatch(events);
      expect(outcomes.map((outcome) => ("settled" in outcome ? outcome.settled : outcome.handedBack))).toEqual(events.map(() => "applied"));
      expect(transactions).toHaveBeenCalledTimes(1);
    } finally {
      transactions.mockRestore();
    }
    for (const event of events) expect(await auditsOf(event.id)).toBe(1);
    await expectRollupsMatchRebuild(database.prisma);
  });

  it("runs two batches of the same invoices at once without either waiting on the other for good", async () => {
    const ids = [fixtureId("in", "overlapA"), fixtureId("in", "overlapB"), fixtureId("in", "overlapC")];
    const opened = await Promise.all(ids.map((id) => acceptedEvent("invoice.finalized", { id, status: "open", created: T0, finalizedAt: T0 })));
    const paid = await Promise.all(ids.map((id) => acceptedEvent("invoice.paid", { id, status: "paid", created: T0 + 60, finalizedAt: T0, paidAt: T0 + 60 })));
    const transactions = vi.spyOn(db(), "$transaction");
    try {
      // The second batch names the invoices in the opposite order.
      const [first, second] = await Promise.all([applyInvoiceEventsInBatch(opened), applyInvoiceEventsInBatch([...paid].reverse())]);
      // Whichever commits first, each event settles: applied, or older than what is stored.
      for (const outcome of [...first, ...second]) expect("settled" in outcome ? outcome.settled : outcome.handedBack).toMatch(/^(applied|stale)$/);
      expect(second.map((outcome) => ("settled" in outcome ? outcome.settled : outcome.handedBack))).toEqual(["applied", "applied", "applied"]);
      expect(transactions).toHaveBeenCalledTimes(2);
    } finally {
      transactions.mockRestore();
    }
    const stored = await database.prisma.invoice.findMany({ where: { stripeInvoiceId: { in: ids } } });
    expect(stored.map((invoice) => invoice.status)).toEqual(["paid", "paid", "paid"]);
  });

  it("settles nothing twice when the same batch runs again after a crash", async () => {
    const invoiceId = fixtureId("in", "again");
    const events = [
      await acceptedEvent("invoice.created", { id: invoiceId, status: "draft", created: T0 }),
      await acceptedEvent("invoice.finalized", { id: invoiceId, status: "open", created: T0 + 60, finalizedAt: T0 + 60 }),
      await acceptedEvent("invoice.paid", { id: invoiceId, status: "paid", created: T0 + 120, finalizedAt: T0 + 60, paidAt: T0 + 120 }),
    ];
    await applyInvoiceEventsInBatch(events);
    const again = await applyInvoiceEventsInBatch(events);

    expect(again.map((outcome) => ("settled" in outcome ? outcome.settled : outcome.handedBack))).toEqual(["applied", "applied", "applied"]);
    for (const event of events) expect(await auditsOf(event.id)).toBe(1);
    const stored = await database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoiceId } });
    expect({ status: stored.status, paid: Number(stored.amountPaid) }).toEqual({ status: "paid", paid: 1200 });
  });

  it("hands back an event whose apply throws, with the reason, and goes on with the rest", async () => {
    const bad = await acceptedEvent("invoice.created", { status: "draft", created: T0 });
    // A line id another invoice already holds: the apply refuses it and writes nothing.
    const holder = await acceptedEvent("invoice.created", { status: "draft", created: T0, lines: [{ id: "il_batchLaneShared", unitAmount: 500 }] });
    const clash = await acceptedEvent("invoice.created", { status: "draft", created: T0, lines: [{ id: "il_batchLaneShared", unitAmount: 700 }] });
    const after = await acceptedEvent("invoice.created", { status: "draft", created: T0 });

    const outcomes = await applyInvoiceEventsInBatch([bad, holder, clash, after]);

    expect(outcomes.map((outcome) => ("settled" in outcome ? outcome.settled : "handed back"))).toEqual(["applied", "applied", "handed back", "applied"]);
    expect(outcomes[2]).toMatchObject({ handedBack: expect.stringMatching(/^the apply failed: /) });
    expect(await auditsOf(clash.id)).toBe(0);
  });
});
