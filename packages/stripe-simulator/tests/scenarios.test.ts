// Event-emitting scenarios and the demo stream: the event sequences the app will receive for each
// invoice outcome, and a live stream that finalizes, pays, fails and retries through webhooks.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDemoActivity, type StripeSimulator } from "../src";
import { startReceiver, startSimulator, stripeClient, WEBHOOK_SECRET, type WebhookReceiver } from "./helpers";

let sim: StripeSimulator;
let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startReceiver();
  sim = await startSimulator({ webhookUrl: receiver.url });
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

const lifecycle = ["invoice.created", "invoiceitem.created", "invoice.updated", "invoice.updated", "invoice.finalized"];

describe("simulateInvoiceLifecycle", () => {
  it.each([
    { outcome: "open" as const, status: "open", tail: [] },
    { outcome: "pay" as const, status: "paid", tail: ["invoice.updated", "invoice.paid", "invoice.payment_succeeded"] },
    { outcome: "fail" as const, status: "open", tail: ["invoice.updated", "invoice.payment_failed"] },
    {
      outcome: "fail_then_pay" as const,
      status: "paid",
      tail: ["invoice.updated", "invoice.payment_failed", "invoice.updated", "invoice.paid", "invoice.payment_succeeded"],
    },
    { outcome: "void" as const, status: "void", tail: ["invoice.updated", "invoice.voided"] },
    { outcome: "uncollectible" as const, status: "uncollectible", tail: ["invoice.updated", "invoice.marked_uncollectible"] },
  ])("$outcome ends $status with the matching events, delivered as webhooks", async ({ outcome, status, tail }) => {
    const customer = sim.store.seedCustomer({ name: "Scenario" });
    const result = sim.simulateInvoiceLifecycle(customer.id, { outcome, items: [{ amount: 3_000, description: "Plan" }] });
    expect(result.invoice.status).toBe(status);
    expect(result.invoice.total).toBe(3_000);
    expect(result.events.map((e) => e.type)).toEqual([...lifecycle, ...tail]);
    expect(result.events.every((e) => e.request.id === null)).toBe(true);
    await sim.waitForDeliveries();
    const stripe = stripeClient(sim);
    expect(receiver.received.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET).id)).toEqual(
      result.events.map((e) => e.id),
    );
  });

  it("runs over the HTTP control plane too", async () => {
    const customer = sim.store.seedCustomer({ name: "Remote" });
    const response = await fetch(`${sim.url}/_simulator/scenarios/invoice-lifecycle`, {
      method: "POST",
      body: JSON.stringify({ customer: customer.id, outcome: "fail" }),
    });
    const body = (await response.json()) as { invoice: { status: string; attempt_count: number }; events: Array<{ type: string }> };
    expect(body.invoice).toMatchObject({ status: "open", attempt_count: 1 });
    expect(body.events.at(-1)?.type).toBe("invoice.payment_failed");
    const missing = await fetch(`${sim.url}/_simulator/scenarios/invoice-lifecycle`, {
      method: "POST",
      body: JSON.stringify({ customer: "cus_nobody", outcome: "pay" }),
    });
    expect(missing.status).toBe(400);
  });
});

describe("demo activity", () => {
  it("produces usage, finalizations, payments, failures and retries through webhooks", async () => {
    const customers = [sim.store.seedCustomer({ name: "A" }).id, sim.store.seedCustomer({ name: "B" }).id];
    const demo = startDemoActivity(sim, { intervalMs: 60_000, customers, seed: 3, failureRate: 0.5, retryFailureRate: 0 });
    const actions: string[] = [];
    try {
      for (let i = 0; i < 150; i++) actions.push(demo.tick());
    } finally {
      demo.stop();
    }
    await sim.waitForDeliveries();
    const types = new Set(receiver.received.map((r) => r.type));
    for (const type of ["invoiceitem.created", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_failed"]) {
      expect(types).toContain(type);
    }
    // A failed invoice is retried later and ends up paid.
    const retriedPaid = sim.store.listInvoices({ status: "paid" }).filter((i) => i.attempt_count > 1);
    expect(retriedPaid.length).toBeGreaterThan(0);
    expect(actions.some((a) => a.startsWith("payment failed"))).toBe(true);
  });

  it("ticks on its interval until stopped", async () => {
    sim.store.seedCustomer({ name: "Ticking" });
    const demo = startDemoActivity(sim, { intervalMs: 15 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    demo.stop();
    const count = sim.store.listEvents().length;
    expect(count).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sim.store.listEvents().length).toBe(count);
  });
});
