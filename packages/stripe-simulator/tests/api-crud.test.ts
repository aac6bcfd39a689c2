// Customers, lists and errors through the real SDK: CRUD, cursor pagination, created filters,
// expand, Stripe's error shapes and statuses.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSimulator } from "../src";
import { startSimulator, stripeClient } from "./helpers";

let sim: StripeSimulator;
let stripe: Stripe;
let nowMs = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  sim = await startSimulator({ clock: () => nowMs });
  stripe = stripeClient(sim);
});
afterAll(async () => sim.close());

describe("customers", () => {
  it("creates, retrieves, updates (metadata merge and unset) and deletes", async () => {
    const created = await stripe.customers.create({
      name: "Acme Corp",
      email: "billing@acme.test",
      metadata: { tenant: "t_1", plan: "pro" },
    });
    expect(created).toMatchObject({ object: "customer", name: "Acme Corp", livemode: false, metadata: { tenant: "t_1", plan: "pro" } });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{24}$/);

    const updated = await stripe.customers.update(created.id, { name: "Acme Inc", metadata: { plan: "", region: "eu" } });
    expect(updated.name).toBe("Acme Inc");
    expect(updated.metadata).toEqual({ tenant: "t_1", region: "eu" });
    expect((await stripe.customers.retrieve(created.id)).id).toBe(created.id);

    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toEqual({ id: created.id, object: "customer", deleted: true });
    // Stripe answers a deleted customer with a stub, not 404.
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ id: created.id, deleted: true });
  });

  it("lists newest first with limit, starting_after, ending_before and has_more", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      nowMs += 1_000;
      ids.push((await stripe.customers.create({ email: `page${i}@list.test`, metadata: { batch: "paging" } })).id);
    }
    const newest = [...ids].reverse();
    const first = await stripe.customers.list({ limit: 2 });
    expect(first.object).toBe("list");
    expect(first.url).toBe("/v1/customers");
    expect(first.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 2, starting_after: first.data[1].id });
    expect(second.data.map((c) => c.id)).toEqual(newest.slice(2, 4));
    const back = await stripe.customers.list({ limit: 2, ending_before: second.data[0].id });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    const all = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.filter((c) => c.metadata.batch === "paging").map((c) => c.id)).toEqual(newest);
    const byEmail = await stripe.customers.list({ email: "page3@list.test" });
    expect(byEmail.data.map((c) => c.id)).toEqual([ids[3]]);
  });

  it("filters lists with created[gte] / created[lt]", async () => {
    nowMs = Date.UTC(2026, 5, 1);
    const early = await stripe.customers.create({ name: "early" });
    nowMs += 60_000;
    const late = await stripe.customers.create({ name: "late" });
    const since = await stripe.customers.list({ created: { gte: late.created } });
    expect(since.data.map((c) => c.id)).toEqual([late.id]);
    const before = await stripe.customers.list({ created: { lt: late.created, gte: early.created } });
    expect(before.data.map((c) => c.id)).toEqual([early.id]);
  });
});

describe("errors", () => {
  it("answers a missing object with 404 resource_missing", async () => {
    const error = await stripe.customers.retrieve("cus_doesnotexist").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id", message: "No such customer: 'cus_doesnotexist'" });
  });

  it("rejects unknown and missing parameters like Stripe", async () => {
    const unknown = await stripe.customers
      .create({ name: "x", colour: "blue" } as Stripe.CustomerCreateParams)
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "colour" });
    const missing = await stripe.invoices.create({} as Stripe.InvoiceCreateParams).catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "customer" });
    const badInt = await stripe.invoiceItems
      .create({ customer: "cus_x", amount: "ten" as unknown as number, currency: "usd" })
      .catch((e: unknown) => e);
    expect(badInt).toMatchObject({ statusCode: 400, code: "parameter_invalid_integer", param: "amount" });
  });

  it("requires a test secret key", async () => {
    const live = new Stripe("sk_live_nope", { host: "127.0.0.1", port: sim.port, protocol: "http", maxNetworkRetries: 0 });
    const error = await live.customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const response = await fetch(`${sim.url}/v1/customers`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("answers unknown URLs with Stripe's unrecognized request error", async () => {
    const response = await fetch(`${sim.url}/v1/teleporters`, { headers: { Authorization: "Bearer sk_test_x" } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("Unrecognized request URL (GET: /v1/teleporters)");
  });
});

describe("expand", () => {
  it("expands the customer on an invoice and inside list data", async () => {
    const customer = await stripe.customers.create({ name: "Expandable" });
    const invoice = await stripe.invoices.create({ customer: customer.id, expand: ["customer"] });
    expect(invoice.customer).toMatchObject({ id: customer.id, object: "customer", name: "Expandable" });
    const list = await stripe.invoices.list({ customer: customer.id, expand: ["data.customer"] });
    expect(list.data[0].customer).toMatchObject({ id: customer.id, object: "customer" });
    const plain = await stripe.invoices.retrieve(invoice.id);
    expect(plain.customer).toBe(customer.id);
  });
});
