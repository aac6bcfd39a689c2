// The refunds API: the refunds the simulator makes are listed newest first under their charge or
// payment intent, paged by cursor as in Stripe, and retrieved by id.
import { describe, expect, it } from "vitest";
import { paymentIdsOf } from "../src";
import { simulatorForFile } from "./helpers";

const running = simulatorForFile();

async function paidInvoice(amount: number): Promise<string> {
  const { stripe } = running;
  const customer = await stripe.customers.create({ name: "Refunded Co" });
  const invoice = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount, currency: "usd" });
  await stripe.invoices.finalizeInvoice(invoice.id);
  await stripe.invoices.pay(invoice.id);
  return invoice.id;
}

describe("GET /v1/refunds", () => {
  it("pages a charge's refunds newest first, by starting_after and ending_before, and filters by payment intent", async () => {
    const { sim, stripe } = running;
    const invoice = await paidInvoice(12_000);
    const other = await paidInvoice(1_000);
    const ids = paymentIdsOf(invoice);
    const made = Array.from({ length: 12 }, (_, i) => sim.moneyReturned.refundInvoice(invoice, { amount: 100 + i }).id);
    sim.moneyReturned.refundInvoice(other, { amount: 1_000 });
    const newestFirst = [...made].reverse();

    const first = await stripe.refunds.list({ charge: ids.charge, limit: 5 });
    expect(first).toMatchObject({ object: "list", has_more: true, url: "/v1/refunds" });
    expect(first.data.map((r) => r.id)).toEqual(newestFirst.slice(0, 5));
    expect(first.data[0]).toMatchObject({ object: "refund", amount: 111, currency: "usd", charge: ids.charge, payment_intent: ids.paymentIntent, status: "succeeded" });

    const last = await stripe.refunds.list({ charge: ids.charge, limit: 5, starting_after: newestFirst[9] });
    expect(last).toMatchObject({ has_more: false });
    expect(last.data.map((r) => r.id)).toEqual(newestFirst.slice(10));

    const before = await stripe.refunds.list({ charge: ids.charge, limit: 3, ending_before: newestFirst[10] });
    expect(before.data.map((r) => r.id)).toEqual(newestFirst.slice(7, 10));
    expect(before.has_more).toBe(true);

    const all: string[] = [];
    for await (const refund of stripe.refunds.list({ payment_intent: ids.paymentIntent, limit: 4 })) all.push(refund.id);
    expect(all).toEqual(newestFirst);

    expect((await stripe.refunds.list({ charge: "ch_unknown" })).data).toEqual([]);
    expect((await stripe.refunds.list({ limit: 100 })).data.length).toBeGreaterThanOrEqual(13);
  });

  it("lists a refund recorded without its events, as one made long ago", async () => {
    const { sim, stripe } = running;
    const invoice = await paidInvoice(2_000);
    const before = sim.store.listEvents().length;
    const { id } = sim.moneyReturned.refundInvoice(invoice, { amount: 700, withoutEvents: true });
    expect(sim.store.listEvents()).toHaveLength(before);
    expect((await stripe.refunds.list({ charge: paymentIdsOf(invoice).charge })).data.map((r) => r.id)).toEqual([id]);
  });
});

describe("GET /v1/refunds/:id", () => {
  it("retrieves a refund, and answers 404 resource_missing for an unknown one", async () => {
    const { sim, stripe } = running;
    const invoice = await paidInvoice(3_000);
    const { id } = sim.moneyReturned.refundInvoice(invoice, { amount: 1_200, reason: "duplicate" });
    expect(await stripe.refunds.retrieve(id)).toMatchObject({ id, object: "refund", amount: 1_200, reason: "duplicate", charge: paymentIdsOf(invoice).charge });
    await expect(stripe.refunds.retrieve("re_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", message: "No such refund: 're_missing'" });
  });
});
