// Webhooks as the app receives them: verified with the SDK's constructEvent, Stripe-shaped events,
// retries after failed attempts, and each webhook fault (duplicates, reordering, delays).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../src";
import { startReceiver, startSimulator, stripeClient, WEBHOOK_SECRET, type WebhookReceiver } from "./helpers";

/** A full garbage collection, on demand (the flag exposes `gc` to contexts created after it). */
function collectGarbage() {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

let sim: StripeSimulator;
let stripe: Stripe;
let receiver: WebhookReceiver;

beforeEach(async () => {
  receiver = await startReceiver();
  sim = await startSimulator({ webhookUrl: receiver.url });
  stripe = stripeClient(sim);
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

describe("signed delivery", () => {
  it("delivers events the SDK's constructEvent accepts, and rejects tampered ones", async () => {
    const customer = await stripe.customers.create({ name: "Signed" }, { idempotencyKey: "create-signed" });
    await sim.waitForDeliveries();
    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = stripe.webhooks.constructEvent(hook.body, hook.signature, WEBHOOK_SECRET);
    expect(event.type).toBe("customer.created");
    expect(event).toMatchObject({
      object: "event",
      livemode: false,
      api_version: Stripe.API_VERSION,
      request: { idempotency_key: "create-signed" },
      data: { object: { id: customer.id, name: "Signed" } },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(() => stripe.webhooks.constructEvent(hook.body.replace("Signed", "Forged"), hook.signature, WEBHOOK_SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(hook.body, hook.signature, "whsec_wrong")).toThrow();
    // Once delivered, the stored event no longer waits on any endpoint.
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
  });

  it("records previous_attributes on updates and a snapshot per event", async () => {
    const customer = await stripe.customers.create({ name: "Before", email: "a@b.test" });
    await stripe.customers.update(customer.id, { name: "After" });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 1_500, currency: "usd" });
    await stripe.invoices.finalizeInvoice(invoice.id);
    await stripe.invoices.pay(invoice.id);
    await sim.waitForDeliveries();
    const events = receiver.received.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, WEBHOOK_SECRET));
    const updated = events.find((e) => e.type === "customer.updated");
    expect(updated?.data.previous_attributes).toEqual({ name: "Before" });
    expect(updated?.data.object).toMatchObject({ name: "After" });
    const invoiceTypes = events.filter((e) => e.type.startsWith("invoice")).map((e) => e.type);
    expect(invoiceTypes).toEqual([
      "invoice.created",
      "invoiceitem.created",
      "invoice.updated",
      "invoice.updated",
      "invoice.finalized",
      "invoice.updated",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    const created = events.find((e) => e.type === "invoice.created");
    expect(created?.data.object).toMatchObject({ status: "draft", total: 0 });
    const paidUpdate = events.filter((e) => e.type === "invoice.updated").at(-1);
    expect(paidUpdate?.data.previous_attributes).toMatchObject({ status: "open", amount_paid: 0 });
  });

  it("also delivers to API-created endpoints with their own secret and event filter", async () => {
    const other = await startReceiver();
    try {
      const endpoint = await stripe.webhookEndpoints.create({ url: other.url, enabled_events: ["customer.updated"] });
      const customer = await stripe.customers.create({ name: "Two endpoints" });
      await stripe.customers.update(customer.id, { name: "Renamed" });
      await sim.waitForDeliveries();
      expect(other.received.map((r) => r.type)).toEqual(["customer.updated"]);
      const [hook] = other.received;
      expect(stripe.webhooks.constructEvent(hook.body, hook.signature, endpoint.secret ?? "").type).toBe("customer.updated");
      expect(receiver.received.map((r) => r.type)).toEqual(["customer.created", "customer.updated"]);
    } finally {
      await other.close();
    }
  });
});

describe("retries", () => {
  it("retries a failed delivery on the schedule until the receiver accepts it", async () => {
    receiver.respondWith(500, 503);
    await stripe.customers.create({ name: "Retried" });
    await sim.waitForDeliveries();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.eventId)).size).toBe(1);
    expect(sim.deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    // The retry waits follow the configured schedule (20 ms, then 40 ms).
    expect(receiver.received[2].receivedAt - receiver.received[0].receivedAt).toBeGreaterThanOrEqual(55);
  });

  it("gives up after the schedule and leaves the event pending", async () => {
    receiver.respondWith(500, 500, 500, 500);
    const customer = await stripe.customers.create({ name: "Never delivered" });
    await sim.waitForDeliveries();
    expect(sim.deliveries).toHaveLength(4);
    expect(sim.deliveries.every((d) => !d.ok)).toBe(true);
    const events = await stripe.events.list({ type: "customer.created" });
    expect(events.data.find((e) => (e.data.object as { id: string }).id === customer.id)?.pending_webhooks).toBe(1);
  });
});

describe("a receiver that never answers", () => {
  it("times the delivery out, even after a garbage collection, and retries it", async () => {
    let hang = true;
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    const server = createServer((request, response) => {
      request.resume();
      if (hang) {
        hang = false;
        hung();
        return; // never answered
      }
      request.on("end", () => response.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const hangingSim = await startSimulator({ webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, webhookTimeoutMs: 300 });
    try {
      await stripeClient(hangingSim).customers.create({ name: "Hung receiver" });
      await hanging;
      // The timeout must survive a collection (a bare AbortSignal.timeout inside AbortSignal.any did not).
      collectGarbage();
      await hangingSim.waitForDeliveries({ timeoutMs: 5_000 });
      expect(hangingSim.deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
        [1, null, false],
        [2, 200, true],
      ]);
      expect(hangingSim.deliveries[0]!.error).toMatch(/did not answer within 300 ms|aborted/i);
    } finally {
      await hangingSim.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("webhook faults", () => {
  it("fails the first attempts on demand, then delivers", async () => {
    sim.faults.setWebhookFaults({ failFirstAttempts: { attempts: 2, events: 1 } });
    await stripe.customers.create({ name: "Fail first" });
    await stripe.customers.create({ name: "Unaffected" });
    await sim.waitForDeliveries();
    const simulated = sim.deliveries.filter((d) => d.simulated);
    expect(simulated.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
    ]);
    // Forced failures never reach the receiver; the third attempt does.
    expect(receiver.received.map((r) => r.eventId).sort()).toEqual(
      [...new Set(sim.deliveries.map((d) => d.eventId))].sort(),
    );
    expect(sim.deliveries.filter((d) => d.ok)).toHaveLength(2);
  });

  it("sendAnyway makes the app see the same event again after a 'failed' attempt", async () => {
    sim.faults.setWebhookFaults({ failFirstAttempts: { attempts: 1, sendAnyway: true } });
    await stripe.customers.create({ name: "Processed twice" });
    await sim.waitForDeliveries();
    expect(receiver.received.map((r) => r.type)).toEqual(["customer.created", "customer.created"]);
    expect(receiver.received[0].eventId).toBe(receiver.received[1].eventId);
  });

  it("duplicates each event N times, concurrently, same id and valid signatures", async () => {
    sim.faults.setWebhookFaults({ duplicate: { copies: 3 } });
    await stripe.customers.create({ name: "Dup" });
    await sim.waitForDeliveries();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.eventId)).size).toBe(1);
    for (const hook of receiver.received) {
      expect(stripe.webhooks.constructEvent(hook.body, hook.signature, WEBHOOK_SECRET).type).toBe("customer.created");
    }
    expect(new Set(sim.deliveries.map((d) => d.copy))).toEqual(new Set([0, 1, 2]));
  });

  it("delivers a held batch in reverse order", async () => {
    sim.faults.setWebhookFaults({ reorder: { batchSize: 3, order: "reverse" } });
    const names = ["first", "second", "third"];
    const ids: string[] = [];
    for (const name of names) ids.push((await stripe.customers.create({ name })).id);
    await sim.waitForDeliveries();
    const order = receiver.received.map((r) => (JSON.parse(r.body) as { data: { object: { id: string } } }).data.object.id);
    expect(order).toEqual([...ids].reverse());
  });

  it("flushes a partial batch after flushAfterMs, shuffled reproducibly by seed", async () => {
    const orders: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const local = await startReceiver();
      const seeded = await startSimulator({ webhookUrl: local.url, seed: 1234 });
      const client = stripeClient(seeded);
      // Long enough that all six creations land in one batch even on a slow machine: the order is then the seed's alone.
      seeded.faults.setWebhookFaults({ reorder: { batchSize: 50, order: "shuffle", flushAfterMs: 500 } });
      for (let i = 0; i < 6; i++) await client.customers.create({ name: `c${i}` });
      await seeded.waitForDeliveries();
      orders.push(local.received.map((r) => (JSON.parse(r.body) as { data: { object: { name: string } } }).data.object.name));
      await seeded.close();
      await local.close();
    }
    expect(orders[0]).toHaveLength(6);
    expect(orders[0]).toEqual(orders[1]);
    expect(orders[0]).not.toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
  });

  it("delays deliveries", async () => {
    sim.faults.setWebhookFaults({ delay: { ms: 150 } });
    const started = Date.now();
    await stripe.customers.create({ name: "Late" });
    await sim.waitForDeliveries();
    expect(receiver.received[0].receivedAt - started).toBeGreaterThanOrEqual(140);
  });
});
