// Stripe's idempotency contract: same key + same params replays the first response (including
// errors), same key + different params is a 400 idempotency_error, and nothing runs twice.
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

describe("idempotency", () => {
  it("replays the first response for the same key and params", async () => {
    const params = { name: "Once", metadata: { a: "1", b: "2" } };
    const first = await stripe.customers.create(params, { idempotencyKey: "cust-once" });
    const second = await stripe.customers.create(params, { idempotencyKey: "cust-once" });
    expect(second.id).toBe(first.id);
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(second.lastResponse.headers["original-request"]).toBe(first.lastResponse.requestId);
    const created = sim.store.listEvents({ type: "customer.created" }).filter((e) => (e.data.object as { id: string }).id === first.id);
    expect(created).toHaveLength(1);
    expect(sim.store.raw.customers.values().filter((c) => c.name === "Once")).toHaveLength(1);
  });

  it("rejects the same key with different params", async () => {
    await stripe.customers.create({ name: "First use" }, { idempotencyKey: "cust-mismatch" });
    const error = await stripe.customers.create({ name: "Other use" }, { idempotencyKey: "cust-mismatch" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, type: "StripeIdempotencyError", message: expect.stringContaining("cust-mismatch") });
  });

  it("rejects the same key on a different endpoint", async () => {
    const customer = await stripe.customers.create({ name: "Endpoint" }, { idempotencyKey: "shared-key" });
    const error = await stripe.invoices.create({ customer: customer.id }, { idempotencyKey: "shared-key" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("replays an executed error, but not a parameter validation failure", async () => {
    const customer = await stripe.customers.create({ name: "Errors" });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    const voidDraft = () => stripe.invoices.voidInvoice(invoice.id, {}, { idempotencyKey: "void-draft" });
    const first = await voidDraft().catch((e: unknown) => e);
    expect(first).toMatchObject({ statusCode: 400 });
    // Even once the invoice could be voided, the key keeps answering with the saved error.
    await stripe.invoices.finalizeInvoice(invoice.id);
    const replayed = await voidDraft().catch((e: unknown) => e);
    expect(replayed).toMatchObject({ statusCode: 400, headers: expect.objectContaining({ "idempotent-replayed": "true" }) });

    const invalid = await stripe.customers
      .create({ name: "x", bogus: "1" } as Stripe.CustomerCreateParams, { idempotencyKey: "invalid-first" })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: "parameter_unknown" });
    const valid = await stripe.customers.create({ name: "x" }, { idempotencyKey: "invalid-first" });
    expect(valid.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("records the idempotency key on the events the request caused", async () => {
    const customer = await stripe.customers.create({ name: "Keyed" }, { idempotencyKey: "keyed-create" });
    const [event] = sim.store.listEvents({ type: "customer.created" }).filter((e) => (e.data.object as { id: string }).id === customer.id);
    expect(event.request).toEqual({ id: customer.lastResponse.requestId, idempotency_key: "keyed-create" });
  });
});
