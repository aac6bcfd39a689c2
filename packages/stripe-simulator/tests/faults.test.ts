// API faults as the SDK experiences them (429 + Retry-After, 5xx, timeouts, resets), matching by
// count, path and probability (seeded), the HTTP control plane, and the per-route call counter.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../src";
import { startSimulator, stripeClient } from "./helpers";

let sim: StripeSimulator;
let stripe: Stripe;

beforeAll(async () => {
  sim = await startSimulator();
  stripe = stripeClient(sim);
});
afterAll(async () => sim.close());
beforeEach(() => {
  sim.faults.clear();
  sim.calls.reset();
});

describe("API faults", () => {
  it("answers 429 with Retry-After and Stripe's rate limit body for the next N calls", async () => {
    sim.faults.failNextApiCalls(2, { kind: "rate_limit", retryAfterSeconds: 7 }, { path: "/v1/customers" });
    for (let i = 0; i < 2; i++) {
      const error = await stripe.customers.create({ name: "limited" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({ statusCode: 429, code: "rate_limit" });
      expect((error as Stripe.errors.StripeError).headers?.["retry-after"]).toBe("7");
    }
    expect((await stripe.customers.create({ name: "through" })).name).toBe("through");
    expect(sim.calls.count("POST /v1/customers")).toBe(3);
  });

  it.each([500, 502, 503] as const)("answers %i as an API error", async (status) => {
    sim.faults.failNextApiCalls(1, { kind: "server_error", status });
    const error = await stripe.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: status });
  });

  it("lets the SDK's own retry recover from a single 503", async () => {
    sim.faults.failNextApiCalls(1, { kind: "server_error", status: 503 });
    const retrying = stripeClient(sim, { maxNetworkRetries: 1 });
    expect((await retrying.customers.create({ name: "after retry" })).name).toBe("after retry");
    expect(sim.calls.count("POST /v1/customers")).toBe(2);
  });

  it("holds a response past the SDK timeout", async () => {
    sim.faults.failNextApiCalls(1, { kind: "timeout", holdMs: 1_000 });
    const impatient = stripeClient(sim, { timeout: 150 });
    const started = Date.now();
    const error = await impatient.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((error as Error).message).toContain("timeout");
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("resets connections (the SDK retries a closed connection once by itself)", async () => {
    sim.faults.failNextApiCalls(2, { kind: "connection_reset" }, { method: "GET", path: "/v1/customers" });
    const error = await stripe.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(sim.calls.count("GET /v1/customers")).toBe(2);
  });

  it("matches by method and path pattern only", async () => {
    sim.faults.injectApiFault({ method: "POST", path: "/v1/invoices/:id/finalize", fault: { kind: "server_error" } });
    const customer = await stripe.customers.create({ name: "pattern" });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    await expect(stripe.invoices.finalizeInvoice(invoice.id)).rejects.toMatchObject({ statusCode: 500 });
    await expect(stripe.invoices.finalizeInvoice(invoice.id)).rejects.toMatchObject({ statusCode: 500 });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe("draft");
  });

  it("phase 'after' processes the request, loses the response, and an idempotent retry replays it", async () => {
    const customer = await stripe.customers.create({ name: "lost response" });
    sim.faults.injectApiFault({ method: "POST", path: "/v1/invoices", times: 1, phase: "after", fault: { kind: "connection_reset" } });
    // The SDK retries the reset once with the same idempotency key: the saved result is replayed.
    const invoice = await stripe.invoices.create({ customer: customer.id }, { idempotencyKey: "lost-1" });
    expect(invoice.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it("fires probabilistic faults reproducibly for a seed", async () => {
    const pattern = async (): Promise<boolean[]> => {
      sim.faults.clear();
      sim.faults.seed(99);
      sim.faults.injectApiFault({ path: "/v1/customers", probability: 0.5, fault: { kind: "server_error" } });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 16; i++) outcomes.push(await stripe.customers.list({ limit: 1 }).then(() => true, () => false));
      return outcomes;
    };
    const first = await pattern();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await pattern()).toEqual(first);
  });

  it("declines payments on demand for a customer", async () => {
    const customer = await stripe.customers.create({ name: "declined" });
    sim.faults.declinePayments({ customer: customer.id, times: 1, declineCode: "insufficient_funds" });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 100, currency: "usd" });
    await stripe.invoices.finalizeInvoice(invoice.id);
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ statusCode: 402, decline_code: "insufficient_funds" });
    expect((await stripe.invoices.pay(invoice.id)).status).toBe("paid");
  });
});

describe("control plane over HTTP", () => {
  const control = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${sim.url}/_simulator/${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("sets and removes API faults from another process", async () => {
    const set = await control("POST", "faults/api", { path: "/v1/customers/*", times: 1, fault: { kind: "rate_limit", retryAfterSeconds: 2 } });
    expect(set.status).toBe(200);
    await expect(stripe.customers.retrieve("cus_anything")).rejects.toMatchObject({ statusCode: 429 });
    const again = await control("POST", "faults/api", { fault: { kind: "server_error", status: 503 } });
    expect((await control("GET", "faults")).body.api).toHaveLength(1);
    expect((await control("DELETE", `faults/api/${String(again.body.id)}`)).body).toEqual({ removed: true });
    expect((await stripe.customers.list()).object).toBe("list");
    expect((await control("POST", "faults/api", { fault: { kind: "teleport" } })).status).toBe(400);
  });

  it("sets webhook faults, reads and resets the call counter", async () => {
    expect((await control("POST", "faults/webhooks", { duplicate: { copies: 2 } })).status).toBe(200);
    expect(sim.faults.describe().webhooks.duplicate?.copies).toBe(2);
    await stripe.customers.list();
    await stripe.customers.list();
    const calls = await control("GET", "calls");
    expect(calls.body).toMatchObject({ total: 2, byRoute: { "GET /v1/customers": 2 } });
    await control("POST", "calls/reset");
    expect(sim.calls.total()).toBe(0);
    expect((await control("GET", "health")).body).toMatchObject({ ok: true });
  });
});
