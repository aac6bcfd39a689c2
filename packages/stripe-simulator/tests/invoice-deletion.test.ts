// Deleting an invoice as Stripe allows it: drafts only, answered with the deleted object, gone from
// the API afterwards, and announced with an `invoice.deleted` event.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../src";
import { startSimulator, stripeClient } from "./helpers";

let sim: StripeSimulator;
let stripe: Stripe;

beforeAll(async () => {
  sim = await startSimulator();
  stripe = stripeClient(sim);
});
afterAll(async () => sim.close());

describe("DELETE /v1/invoices/:id", () => {
  it("deletes a draft, answers with the deleted object and emits invoice.deleted", async () => {
    const customer = await stripe.customers.create({ name: "Deleting Co" });
    const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1200, currency: "usd" });

    expect(await stripe.invoices.del(draft.id)).toMatchObject({ id: draft.id, object: "invoice", deleted: true });
    await expect(stripe.invoices.retrieve(draft.id)).rejects.toMatchObject({ type: "StripeInvalidRequestError", code: "resource_missing" });
    const events = await stripe.events.list({ type: "invoice.deleted", limit: 100 });
    const deleted = events.data.find((e) => (e.data.object as { id?: string }).id === draft.id);
    expect(deleted?.data.object).toMatchObject({ id: draft.id, object: "invoice", customer: customer.id, status: "draft" });
  });

  it("refuses to delete a finalized invoice, which can only be voided", async () => {
    const customer = await stripe.customers.create({ name: "Finalized Co" });
    const draft = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 800, currency: "usd" });
    await stripe.invoices.finalizeInvoice(draft.id);
    await expect(stripe.invoices.del(draft.id)).rejects.toMatchObject({ type: "StripeInvalidRequestError", statusCode: 400 });
    expect((await stripe.invoices.retrieve(draft.id)).status).toBe("open");
  });
});
