import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

describe("Stripe → inbox → Inngest → invoices", () => {
  it("applies an invoice's whole lifecycle, with its audit trail and inbox entries", async () => {
    const customer = pipeline.createCustomer("lifecycle");
    const { invoice, events } = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay", items: [{ amount: 1500, description: "Seats" }, { amount: 250 }] });
    await pipeline.settle();

    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id }, include: { lineItems: true, tenant: true } });
    expect(stored).toMatchObject({ status: "paid", total: BigInt(1750), amountPaid: BigInt(1750), amountRemaining: BigInt(0), currency: "usd" });
    expect(stored.tenant.slug).toBe("lifecycle");
    expect(stored.lineItems.map((l) => Number(l.amount)).sort((a, b) => a - b)).toEqual([250, 1500]);

    await expectEventsAccountedFor(pipeline.database.prisma, events.map((e) => e.id));
    const audit = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: stored.id } });
    expect(audit.map((a) => a.eventType)).toContain("invoice.paid");
  });

  it("stores an unhandled event type, acknowledges it and marks it ignored", async () => {
    const customer = pipeline.createCustomer("ignored-types");
    pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay" });
    await pipeline.settle();
    const ignored = await pipeline.database.prisma.webhookInbox.findMany({ where: { type: "invoice.payment_succeeded" } });
    expect(ignored.length).toBeGreaterThan(0);
    for (const row of ignored) expect(row).toMatchObject({ status: "ignored" });
    expect(pipeline.simulator.deliveries.filter((d) => !d.ok)).toEqual([]);
  });

  it("learns a customer from Stripe when its invoice arrives first", async () => {
    // The customer exists in Stripe, but its customer.created webhook is never delivered.
    const customerId = pipeline.simulator.store.seedCustomer({ name: "Quiet", metadata: { ledgerline_tenant: "quiet" } }).id;
    const { invoice } = pipeline.simulator.simulateInvoiceLifecycle(customerId, { outcome: "open" });
    await pipeline.settle();
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id }, include: { customer: true } });
    expect(stored.status).toBe("open");
    expect(stored.customer.stripeCustomerId).toBe(customerId);
  });
});
