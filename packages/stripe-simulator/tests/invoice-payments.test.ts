// The invoice payments list: a paid invoice has one derived payment (`in_X` → `pi_X`), found by its
// payment intent as in Stripe; an unpaid invoice or an unknown payment intent has none.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paymentIdsOf, type StripeSimulator } from "../src";
import { startSimulator, stripeClient } from "./helpers";

let sim: StripeSimulator;
let stripe: Stripe;

beforeAll(async () => {
  sim = await startSimulator();
  stripe = stripeClient(sim);
});
afterAll(async () => sim.close());

describe("GET /v1/invoice_payments", () => {
  it("lists a paid invoice's payment under its payment intent, and nothing for an unpaid one", async () => {
    const customer = await stripe.customers.create({ name: "Paying Co" });
    const invoice = await stripe.invoices.create({ customer: customer.id, currency: "usd" });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 4200, currency: "usd" });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const ids = paymentIdsOf(invoice.id);

    const before = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: ids.paymentIntent } });
    expect(before.data).toEqual([]);

    await stripe.invoices.pay(invoice.id);
    const after = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: ids.paymentIntent } });
    expect(after.data).toEqual([expect.objectContaining({ id: ids.invoicePayment, object: "invoice_payment", invoice: invoice.id, amount_paid: 4200, payment: { type: "payment_intent", payment_intent: ids.paymentIntent } })]);

    const unknown = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: "pi_unknown" } });
    expect(unknown.data).toEqual([]);
  });
});
