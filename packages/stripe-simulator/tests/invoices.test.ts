// Invoices, invoice items and the invoice lifecycle through the real SDK: totals from items,
// transitions and the errors for invalid ones, hosted page and PDF, subscriptions, endpoints, portal.
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

async function draftWithItems(amounts: number[], currency = "eur") {
  const customer = await stripe.customers.create({ name: "Draft Co", email: "ap@draft.test", invoice_prefix: "DRAFTCO" });
  const invoice = await stripe.invoices.create({ customer: customer.id, currency });
  const items = [];
  for (const amount of amounts) {
    items.push(await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount, currency, description: `item ${amount}` }));
  }
  return { customer, invoice, items };
}

describe("draft totals", () => {
  it.each([
    { amounts: [], total: 0 },
    { amounts: [1_000], total: 1_000 },
    { amounts: [1_999, 1, 500], total: 2_500 },
  ])("sums items $amounts to $total", async ({ amounts, total }) => {
    const { invoice } = await draftWithItems(amounts);
    const fresh = await stripe.invoices.retrieve(invoice.id);
    expect(fresh).toMatchObject({ status: "draft", currency: "eur", subtotal: total, total, amount_due: total, amount_remaining: total });
    expect(fresh.lines.data.map((l) => l.amount)).toEqual(amounts);
  });

  it("recomputes when items change, including quantity × unit price", async () => {
    const { invoice, items, customer } = await draftWithItems([1_000, 2_000]);
    await stripe.invoiceItems.update(items[0].id, { quantity: 3 });
    expect((await stripe.invoices.retrieve(invoice.id)).total).toBe(5_000);
    await stripe.invoiceItems.del(items[1].id);
    expect((await stripe.invoices.retrieve(invoice.id)).total).toBe(3_000);
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, unit_amount_decimal: Stripe.Decimal.from("250"), quantity: 4 });
    const final = await stripe.invoices.retrieve(invoice.id);
    expect(final.total).toBe(4_000);
    expect(final.lines.data.map((l) => l.quantity)).toEqual([3, 4]);
  });

  it("pulls pending items in with pending_invoice_items_behavior=include", async () => {
    const customer = await stripe.customers.create({ name: "Pending" });
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 700, currency: "usd" });
    expect(pending.invoice).toBeNull();
    const listed = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(listed.data.map((i) => i.id)).toEqual([pending.id]);
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    expect(invoice.total).toBe(700);
    expect((await stripe.invoiceItems.retrieve(pending.id)).invoice).toBe(invoice.id);
  });

  it("pages through lines and adds lines in bulk", async () => {
    const { invoice } = await draftWithItems([]);
    await stripe.invoices.addLines(invoice.id, {
      lines: Array.from({ length: 12 }, (_, i) => ({ amount: 100 + i, description: `line ${i}` })),
      invoice_metadata: { source: "bulk" },
    });
    const fresh = await stripe.invoices.retrieve(invoice.id);
    expect(fresh.lines.data).toHaveLength(10);
    expect(fresh.lines.has_more).toBe(true);
    expect(fresh.lines).toMatchObject({ total_count: 12, url: `/v1/invoices/${invoice.id}/lines` });
    expect(fresh.metadata).toEqual({ source: "bulk" });
    const page = await stripe.invoices.listLineItems(invoice.id, { limit: 5, starting_after: fresh.lines.data[9].id });
    expect(page.data.map((l) => l.description)).toEqual(["line 10", "line 11"]);
    expect(page.has_more).toBe(false);
    const first = await stripe.invoices.listLineItems(invoice.id, { limit: 5 });
    expect(first.has_more).toBe(true);
    const all = await stripe.invoices.listLineItems(invoice.id, { limit: 5 }).autoPagingToArray({ limit: 100 });
    expect(all.map((l) => l.description)).toEqual(Array.from({ length: 12 }, (_, i) => `line ${i}`));
    expect(fresh.total).toBe(Array.from({ length: 12 }, (_, i) => 100 + i).reduce((a, b) => a + b));
    const updated = sim.store.raw.events.values().filter((e) => e.type === "invoice.updated" && (e.data.object as { id: string }).id === invoice.id).at(-1);
    expect((updated?.data.object as Stripe.Invoice).lines).toMatchObject({ has_more: true, total_count: 12 });
    expect((updated?.data.object as Stripe.Invoice).lines.data).toHaveLength(10);
  });
});

describe("lifecycle", () => {
  it("finalizes with a number and hosted URLs, then pays", async () => {
    const { invoice } = await draftWithItems([4_200]);
    expect(invoice.hosted_invoice_url).toBeNull();
    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(open).toMatchObject({ status: "open", number: "DRAFTCO-0001", amount_due: 4_200 });
    expect(open.status_transitions.finalized_at).toEqual(expect.any(Number));
    expect(open.hosted_invoice_url).toBe(`${sim.url}/hosted/invoices/${invoice.id}`);
    const paid = await stripe.invoices.pay(invoice.id);
    expect(paid).toMatchObject({ status: "paid", amount_paid: 4_200, amount_remaining: 0, attempted: true, attempt_count: 1 });
    expect(paid.status_transitions.paid_at).toEqual(expect.any(Number));
    const listed = await stripe.invoices.list({ customer: String(invoice.customer), status: "paid" });
    expect(listed.data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it("rejects invalid transitions with Stripe's errors", async () => {
    const { invoice } = await draftWithItems([100]);
    const voidDraft = await stripe.invoices.voidInvoice(invoice.id).catch((e: unknown) => e);
    expect(voidDraft).toMatchObject({ statusCode: 400, message: "You can only pass in open invoices. This invoice isn't open." });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const again = await stripe.invoices.finalizeInvoice(invoice.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const deleteOpen = await stripe.invoices.del(invoice.id).catch((e: unknown) => e);
    expect(deleteOpen).toMatchObject({ statusCode: 400 });
    const frozen = await stripe.invoiceItems
      .create({ customer: String(invoice.customer), invoice: invoice.id, amount: 5, currency: "eur" })
      .catch((e: unknown) => e);
    expect(frozen).toMatchObject({ statusCode: 400, code: "invoice_not_editable" });
    await stripe.invoices.voidInvoice(invoice.id);
    const payVoid = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    expect(payVoid).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(payVoid).toMatchObject({ statusCode: 400, message: expect.stringContaining("void") });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("void");
  });

  it("refuses to pay twice and to mark a paid invoice uncollectible", async () => {
    const { invoice } = await draftWithItems([300]);
    await stripe.invoices.pay(invoice.id); // a draft is finalized, then paid
    const twice = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    expect(twice).toMatchObject({ statusCode: 400, message: "Invoice is already paid" });
    const uncollectible = await stripe.invoices.markUncollectible(invoice.id).catch((e: unknown) => e);
    expect(uncollectible).toMatchObject({ statusCode: 400 });
  });

  it("declines with a card error, counts the attempt, and can be paid later", async () => {
    const { invoice } = await draftWithItems([900]);
    await stripe.invoices.finalizeInvoice(invoice.id);
    const declined = await stripe.invoices.pay(invoice.id, { payment_method: "pm_card_chargeDeclinedInsufficientFunds" }).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ statusCode: 402, code: "card_declined", decline_code: "insufficient_funds" });
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: "open", attempt_count: 1, attempted: true });
    await stripe.invoices.markUncollectible(invoice.id);
    const paid = await stripe.invoices.pay(invoice.id);
    expect(paid).toMatchObject({ status: "paid", attempt_count: 2 });
  });

  it("deletes drafts and finalizes zero-amount invoices straight to paid", async () => {
    const { invoice } = await draftWithItems([100]);
    expect(await stripe.invoices.del(invoice.id)).toEqual({ id: invoice.id, object: "invoice", deleted: true });
    await expect(stripe.invoices.retrieve(invoice.id)).rejects.toMatchObject({ statusCode: 404 });
    const { invoice: empty } = await draftWithItems([]);
    expect((await stripe.invoices.finalizeInvoice(empty.id)).status).toBe("paid");
  });

  it("serves the hosted invoice page whose Pay button pays the invoice, and a PDF", async () => {
    const { invoice } = await draftWithItems([1_250]);
    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    const page = await fetch(open.hosted_invoice_url ?? "");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("DRAFTCO-");
    expect(html).toContain(`action="/hosted/invoices/${invoice.id}/pay"`);
    const pay = await fetch(`${sim.url}/hosted/invoices/${invoice.id}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(303);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("paid");
    const paidEvents = await stripe.events.list({ type: "invoice.paid", limit: 100 });
    expect(paidEvents.data.some((e) => (e.data.object as { id: string }).id === invoice.id)).toBe(true);
    const pdf = await fetch(open.invoice_pdf ?? "");
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});

describe("events API", () => {
  it("lists by type (with wildcards) and created[gte], and retrieves one", async () => {
    const since = Math.floor(Date.now() / 1000);
    const { invoice } = await draftWithItems([10]);
    const created = await stripe.events.list({ type: "invoice.created", created: { gte: since }, limit: 100 });
    const mine = created.data.find((e) => (e.data.object as { id: string }).id === invoice.id);
    expect(mine).toBeDefined();
    expect(mine).toMatchObject({ object: "event", livemode: false, api_version: Stripe.API_VERSION });
    const wildcard = await stripe.events.list({ type: "invoiceitem.*", limit: 100 });
    expect(wildcard.data.every((e) => e.type.startsWith("invoiceitem."))).toBe(true);
    expect((await stripe.events.retrieve(mine?.id ?? "")).type).toBe("invoice.created");
  });
});

describe("subscriptions, webhook endpoints and the portal", () => {
  it("creates, updates, lists and cancels a subscription", async () => {
    const customer = await stripe.customers.create({ name: "Subscriber" });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price_data: { currency: "usd", product: "prod_pro", unit_amount: 2_900, recurring: { interval: "month" } } }],
      metadata: { plan: "pro" },
    });
    expect(sub).toMatchObject({ status: "active", currency: "usd", metadata: { plan: "pro" } });
    expect(sub.items.data[0].price.unit_amount).toBe(2_900);
    const updated = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(updated.cancel_at_period_end).toBe(true);
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);
    const types = (await stripe.events.list({ type: "customer.subscription.*", limit: 100 })).data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"]));
  });

  it("manages webhook endpoints, revealing the secret only at creation", async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/hook", enabled_events: ["invoice.paid"] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();
    const disabled = await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(disabled.status).toBe("disabled");
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toContain(endpoint.id);
    expect(await stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ deleted: true });
  });

  it("creates portal configurations and sessions served by the simulator", async () => {
    const configuration = await stripe.billingPortal.configurations.create({
      business_profile: { headline: "Ledgerline demo" },
      features: { invoice_history: { enabled: true } },
    });
    expect(configuration.id).toMatch(/^bpc_/);
    const renamed = await stripe.billingPortal.configurations.update(configuration.id, { name: "Default" });
    expect(renamed.name).toBe("Default");
    expect((await stripe.billingPortal.configurations.list()).data.map((c) => c.id)).toContain(configuration.id);
    const { customer, invoice } = await draftWithItems([500]);
    await stripe.invoices.finalizeInvoice(invoice.id);
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://localhost:3000/billing" });
    expect(session.id).toMatch(/^bps_/);
    expect(session.url.startsWith(sim.url)).toBe(true);
    const html = await (await fetch(session.url)).text();
    expect(html).toContain(invoice.id);
    expect(html).toContain("http://localhost:3000/billing");
  });
});
