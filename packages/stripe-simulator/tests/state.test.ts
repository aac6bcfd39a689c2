// State snapshots: objects, numbering and idempotency keys survive a restart; seeding writes
// objects without events so the app's seed can mirror them.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startReceiver, startSimulator, stripeClient } from "./helpers";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "stripe-sim-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("reloads objects, events, numbering and idempotency keys after a restart", async () => {
    const stateFile = path.join(dir, "nested", "stripe.json");
    const first = await startSimulator({ stateFile, stateDebounceMs: 10 });
    const stripe = stripeClient(first);
    const customer = await stripe.customers.create({ name: "Persisted", invoice_prefix: "PERSIST" });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 2_000, currency: "usd" });
    await stripe.invoices.finalizeInvoice(invoice.id);
    await stripe.customers.create({ name: "Keyed" }, { idempotencyKey: "persisted-key" });
    await first.close();
    expect((await readdir(path.dirname(stateFile))).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(await readFile(stateFile, "utf8"))).toMatchObject({ version: 1 });

    const second = await startSimulator({ stateFile });
    const again = stripeClient(second);
    try {
      const reloaded = await again.invoices.retrieve(invoice.id);
      expect(reloaded).toMatchObject({ status: "open", number: "PERSIST-0001", total: 2_000 });
      expect(reloaded.hosted_invoice_url).toBe(`${second.url}/hosted/invoices/${invoice.id}`);
      expect(reloaded.lines.data).toHaveLength(1);
      const next = await again.invoices.create({ customer: customer.id });
      await again.invoiceItems.create({ customer: customer.id, invoice: next.id, amount: 1, currency: "usd" });
      expect((await again.invoices.finalizeInvoice(next.id)).number).toBe("PERSIST-0002");
      const events = await again.events.list({ type: "invoice.finalized" });
      expect(events.data.map((e) => (e.data.object as { id: string }).id)).toEqual([next.id, invoice.id]);
      const replay = await again.customers.create({ name: "Keyed" }, { idempotencyKey: "persisted-key" });
      expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    } finally {
      await second.close();
    }
  });

  it("writes changes after the debounce without an explicit flush", async () => {
    const stateFile = path.join(dir, "stripe.json");
    const sim = await startSimulator({ stateFile, stateDebounceMs: 20 });
    try {
      const customer = await stripeClient(sim).customers.create({ name: "Debounced" });
      // Written after the debounce, then renamed into place: poll rather than guess how long that takes.
      await expect.poll(() => readFile(stateFile, "utf8").catch(() => ""), { timeout: 5_000 }).toContain(customer.id);
    } finally {
      await sim.close();
    }
  });

  it("refuses a file that is not a simulator snapshot", async () => {
    const stateFile = path.join(dir, "other.json");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(stateFile, JSON.stringify({ hello: "world" }));
    await expect(startSimulator({ stateFile })).rejects.toThrow(/not a simulator snapshot/);
  });
});

describe("seeding", () => {
  it("creates consistent objects without recording events or sending webhooks", async () => {
    const receiver = await startReceiver();
    const sim = await startSimulator({ webhookUrl: receiver.url });
    try {
      const customer = sim.store.seedCustomer({ id: "cus_seeded0000000000000001", name: "Seeded", invoicePrefix: "SEED" });
      const paid = sim.store.seedInvoice({
        customer: customer.id,
        status: "paid",
        currency: "gbp",
        items: [
          { amount: 1_000, description: "Plan", lineId: "il_fromTheAppDatabase0001" },
          { amount: 250, quantity: 2, description: "Seats" },
        ],
      });
      const draft = sim.store.seedInvoice({ customer: customer.id });
      sim.store.seedInvoiceItem({ customer: customer.id, invoice: draft.id, amount: 300 });
      expect(sim.store.listEvents()).toEqual([]);
      await sim.waitForDeliveries();
      expect(receiver.received).toEqual([]);

      const stripe = stripeClient(sim);
      const fetched = await stripe.invoices.retrieve(paid.id);
      expect(fetched).toMatchObject({ status: "paid", currency: "gbp", total: 1_500, amount_paid: 1_500, number: "SEED-0001" });
      expect(fetched.lines.data.map((l) => [l.id.startsWith("il_"), l.amount, l.quantity])).toEqual([
        [true, 1_000, 1],
        [true, 500, 2],
      ]);
      expect(fetched.lines.data[0].id).toBe("il_fromTheAppDatabase0001");
      expect((await stripe.invoices.retrieve(draft.id)).total).toBe(300);
      // Later activity through the API does emit events as usual.
      await stripe.invoices.finalizeInvoice(draft.id);
      await sim.waitForDeliveries();
      expect(receiver.received.map((r) => r.type)).toEqual(["invoice.updated", "invoice.finalized"]);
      expect((await stripe.invoices.retrieve(draft.id)).number).toBe("SEED-0002");
    } finally {
      await sim.close();
      await receiver.close();
    }
  });
});
