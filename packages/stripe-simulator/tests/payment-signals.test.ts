// The payment states a customer must act on, as Stripe signals them: a card that needs 3-D Secure
// leaves the invoice open with `invoice.payment_action_required`, and an open invoice past its due
// date on the simulator's clock gets `invoice.overdue`, once.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../src";
import { startSimulator, stripeClient } from "./helpers";

let sim: StripeSimulator;
let stripe: Stripe;
let now = Date.UTC(2026, 10, 2);

beforeAll(async () => {
  sim = await startSimulator({ clock: () => now });
  stripe = stripeClient(sim);
});
afterAll(async () => sim.close());

async function openInvoice(options: { daysUntilDue?: number } = {}) {
  const customer = await stripe.customers.create({ name: "Signals Co" });
  const invoice = await stripe.invoices.create({ customer: customer.id, currency: "usd", ...(options.daysUntilDue !== undefined ? { collection_method: "send_invoice", days_until_due: options.daysUntilDue } : {}) });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 4_200, currency: "usd" });
  return stripe.invoices.finalizeInvoice(invoice.id);
}

async function eventsFor(type: string, invoiceId: string) {
  const events = await stripe.events.list({ type, limit: 100 });
  return events.data.filter((event) => (event.data.object as { id?: string }).id === invoiceId);
}

describe("payment signals", () => {
  it("asks for authentication with a test card that requires it, leaving the invoice open", async () => {
    const invoice = await openInvoice();
    const refused = await stripe.invoices.pay(invoice.id, { payment_method: "pm_card_authenticationRequired" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(refused).toMatchObject({ statusCode: 402, code: "authentication_required" });
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: "open", attempted: true, attempt_count: 1 });
    const [event] = await eventsFor("invoice.payment_action_required", invoice.id);
    expect(event?.data.object).toMatchObject({ id: invoice.id, status: "open", hosted_invoice_url: expect.stringContaining(invoice.id) });

    expect(() => sim.billing.payInvoice(invoice.id, { requireAuthentication: true })).toThrow(/requires authentication/);
    expect(await eventsFor("invoice.payment_action_required", invoice.id)).toHaveLength(2);
    expect(await stripe.invoices.pay(invoice.id)).toMatchObject({ status: "paid" });
  });

  it("sends invoice.overdue once its due date has passed on the clock, once per invoice", async () => {
    const invoice = await openInvoice({ daysUntilDue: 7 });
    expect(sim.billing.emitOverdueInvoices().map((i) => i.id)).not.toContain(invoice.id);
    now += 8 * 86_400_000;
    const answer = await fetch(`${sim.url}/_simulator/invoices/overdue`, { method: "POST" });
    expect(((await answer.json()) as { overdue: string[] }).overdue).toContain(invoice.id);
    expect(sim.billing.emitOverdueInvoices().map((i) => i.id)).not.toContain(invoice.id);
    const events = await eventsFor("invoice.overdue", invoice.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.data.object).toMatchObject({ id: invoice.id, status: "open", due_date: invoice.due_date });
  });
});
