// The hostile input catalog: each case gets its documented status and changes nothing; text that
// is allowed through is stored exactly and rendered escaped.
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import * as usageRoute from "@/app/api/usage/route";
import * as webhookRoute from "@/app/api/webhooks/stripe/route";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { getWebhookSecret } from "@/lib/stripe/client";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let host: RouteHost;
let apiKey: string;
let otherTenantsCustomer: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
  const acme = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
  apiKey = (await createApiKey({ tenantId: acme.id, name: "hostile", actor: "test" })).key;
  otherTenantsCustomer = (await database.prisma.customer.findFirstOrThrow({ where: { tenant: { slug: "globex" } } })).stripeCustomerId;
  host = await startRouteHost({ "/api/usage": usageRoute, "/api/webhooks/stripe": webhookRoute });
});
afterAll(async () => {
  await host.close();
  await database.drop();
});

const INJECTION = `'; DROP TABLE usage_increments; -- <script>alert("x")</script><img src=x onerror=alert(1)>`;

function usage(overrides: Record<string, unknown> = {}) {
  return { idempotencyKey: `key-${Math.random().toString(36).slice(2)}`, customer: "cus_demo_acme_1", line: "api-calls", description: "API calls", unitAmount: 3, quantity: 10, ...overrides };
}

function postUsage(body: string, authorization = `Bearer ${apiKey}`) {
  return fetch(host.url("/api/usage"), { method: "POST", body, headers: { "content-type": "application/json", authorization } });
}

async function increments() {
  return database.prisma.usageIncrement.count();
}

describe("POST /api/usage hostile input", () => {
  const cases: Array<[string, () => Promise<Response>, number]> = [
    ["no API key", () => postUsage(JSON.stringify(usage()), ""), 401],
    ["a forged API key", () => postUsage(JSON.stringify(usage()), "Bearer ll_key_forged0000000000000000"), 401],
    ["malformed JSON", () => postUsage("{\"quantity\": 1,"), 400],
    ["JSON nested 5,000 levels deep", () => postUsage("[".repeat(5_000) + "]".repeat(5_000)), 400],
    ["a body over the size limit", () => postUsage(JSON.stringify(usage({ description: "x".repeat(40_000) }))), 413],
    ["a negative quantity", () => postUsage(JSON.stringify(usage({ quantity: -5 }))), 400],
    ["a fractional amount (money is never a float)", () => postUsage(JSON.stringify(usage({ unitAmount: 2.5 }))), 400],
    ["an overflowing amount", () => postUsage(JSON.stringify(usage({ unitAmount: 1e15 }))), 400],
    ["an amount sent as a string", () => postUsage(JSON.stringify(usage({ quantity: "10" }))), 400],
    ["an unknown field", () => postUsage(JSON.stringify(usage({ tenantId: "00000000-0000-0000-0000-000000000000" }))), 400],
    ["SQL injection in the line key", () => postUsage(JSON.stringify(usage({ line: INJECTION }))), 400],
    ["SQL injection in the customer id", () => postUsage(JSON.stringify(usage({ customer: `cus_x' OR '1'='1` }))), 404],
    ["a NUL character", () => postUsage(JSON.stringify(usage({ description: "nul\u0000here" }))), 400],
    ["a lone surrogate (broken Unicode)", () => postUsage(JSON.stringify(usage({ description: "broken \ud800 text" }))), 400],
    ["another tenant's customer", () => postUsage(JSON.stringify(usage({ customer: otherTenantsCustomer }))), 404],
  ];

  it.each(cases)("%s → %i, nothing written", async (_name, send, status) => {
    const before = await increments();
    const response = await send();
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error?: { message: string } };
    expect(body.error?.message).toMatch(/\w+/);
    expect(await increments()).toBe(before);
  });

  it("stores injection strings and unicode edge cases verbatim, and renders them escaped", async () => {
    const description = `${INJECTION} ‮RTL‬ zero​width 🧾 e\u0301`;
    const response = await postUsage(JSON.stringify(usage({ description: description.slice(0, 200) })));
    expect(response.status).toBe(201);
    const line = await database.prisma.usageLine.findFirstOrThrow({ where: { description: description.slice(0, 200).trim() } });
    expect(line.description).toBe(description.slice(0, 200).trim());
    expect(await database.connection.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'usage_increments'`)).toHaveLength(1);
    const html = renderToStaticMarkup(InvoiceHistory({ events: [{ id: "1", eventType: line.description, actor: INJECTION, source: "test", createdAt: new Date() }] }));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
  });
});

describe("webhook hostile input", () => {
  const event = (object: Record<string, unknown>) =>
    JSON.stringify({ id: `evt_hostile_${Math.random().toString(36).slice(2)}`, object: "event", type: "invoice.created", api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });

  it("refuses a correctly signed event carrying a NUL character, without writing", async () => {
    const body = event({ object: "invoice", id: "in_x", description: "nul\u0000" });
    const response = await fetch(host.url("/api/webhooks/stripe"), { method: "POST", body, headers: { "stripe-signature": signatureHeader(body, getWebhookSecret()) } });
    expect(response.status).toBe(400);
    expect(await database.prisma.webhookInbox.count()).toBe(0);
  });

  it("refuses JSON nested thousands of levels deep", async () => {
    const body = `{"a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`;
    const response = await fetch(host.url("/api/webhooks/stripe"), { method: "POST", body, headers: { "stripe-signature": signatureHeader(body, getWebhookSecret()) } });
    expect(response.status).toBe(400);
    expect(await database.prisma.webhookInbox.count()).toBe(0);
  });
});

describe("Stripe objects with impossible values are refused before they are applied", () => {
  it.each([
    ["an unknown currency", { currency: "xyz" }],
    ["a negative amount due", { amount_due: -100 }],
    ["an amount beyond the exact range of a JSON number", { total: 2 ** 53 }],
    ["a fractional amount", { total: 10.5 }],
    ["a NUL in the number", { number: "INV\u0000" }],
  ])("%s", async (_name, override) => {
    const { stripeInvoiceSchema } = await import("@/lib/stripe/schemas");
    const valid = { object: "invoice", id: "in_1", customer: "cus_1", status: "open", currency: "usd", subtotal: 100, total: 100, amount_due: 100, amount_paid: 0, amount_remaining: 100, period_start: 1, period_end: 2, created: 1 };
    expect(stripeInvoiceSchema.safeParse(valid).success).toBe(true);
    expect(stripeInvoiceSchema.safeParse({ ...valid, ...override }).success).toBe(false);
  });
});
