// Silent failure: unsigned junk posted to the webhook route used to spend Stripe's reserved
// budget, so Stripe's real deliveries were answered 429 while nothing looked wrong.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import * as webhookRoute from "@/app/api/webhooks/stripe/route";
import { setRateLimitStore } from "@/lib/rate-limit/limits";
import { MemoryRateLimitStore } from "@/lib/rate-limit/store";
import { getWebhookSecret } from "@/lib/stripe/client";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Small budgets, set before any module reads the environment: 60 unsigned requests would have
// spent the whole reserved webhook budget.
vi.hoisted(() => {
  process.env.RATE_LIMIT_WEBHOOK_PER_MINUTE = "50";
  process.env.RATE_LIMIT_UNSIGNED_WEBHOOK_PER_MINUTE = "40";
});

let database: TestDatabase;
let host: RouteHost;
beforeAll(async () => {
  setRateLimitStore(new MemoryRateLimitStore());
  database = await createTestDatabase();
  host = await startRouteHost({ "/api/webhooks/stripe": webhookRoute });
});
afterAll(async () => {
  await host.close();
  await database.drop();
});

function stripeEvent(id: string) {
  return JSON.stringify({ id, object: "event", type: "invoice.sent", api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { object: "invoice", id: "in_x" } } });
}

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(host.url("/api/webhooks/stripe"), { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

describe("unsigned webhook requests spend their own budget, never Stripe's", () => {
  it("accepts a signed delivery after 60 unsigned posts, which are refused 400 and then 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const junk = i % 2 ? post(stripeEvent(`evt_junk_${i}`)) : post(stripeEvent(`evt_forged_${i}`), { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` });
      statuses.push((await junk).status);
    }
    expect(statuses.slice(0, 40).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(40).every((status) => status === 429)).toBe(true);

    const body = stripeEvent("evt_real_delivery");
    const delivery = await post(body, { "stripe-signature": signatureHeader(body, getWebhookSecret(), Math.floor(Date.now() / 1000)) });
    expect(delivery.status).toBe(200);
    expect(await delivery.json()).toMatchObject({ received: true, id: "evt_real_delivery" });
    expect(await database.prisma.webhookInbox.count()).toBe(1);
  });
});
