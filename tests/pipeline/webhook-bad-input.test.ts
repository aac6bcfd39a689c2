import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import * as webhookRoute from "@/app/api/webhooks/stripe/route";
import { setRateLimitStore } from "@/lib/rate-limit/limits";
import { MemoryRateLimitStore } from "@/lib/rate-limit/store";
import { getWebhookSecret } from "@/lib/stripe/client";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let host: RouteHost;
beforeAll(async () => {
  database = await createTestDatabase();
  host = await startRouteHost({ "/api/webhooks/stripe": webhookRoute });
});
afterAll(async () => {
  await host.close();
  await database.drop();
});

const now = () => Math.floor(Date.now() / 1000);

function stripeEvent(id: string, type = "invoice.sent") {
  return JSON.stringify({ id, object: "event", type, api_version: "2025-01-01", created: now(), livemode: false, data: { object: { object: "invoice", id: "in_x" } } });
}

function post(body: string, headers: Record<string, string> = {}, method = "POST") {
  return fetch(host.url("/api/webhooks/stripe"), { method, body: method === "GET" ? undefined : body, headers: { "content-type": "application/json", ...headers } });
}

const signed = (body: string, timestamp = now(), secret = getWebhookSecret()) => ({ "stripe-signature": signatureHeader(body, secret, timestamp) });

describe("webhook route: bad input gets a clear error and writes nothing", () => {
  const cases: Array<[string, () => Promise<Response>, number, RegExp]> = [
    ["no signature", () => post(stripeEvent("evt_nosig")), 400, /Missing Stripe-Signature/],
    ["a signature made with another secret", () => post(stripeEvent("evt_forged"), signed(stripeEvent("evt_forged"), now(), "whsec_attacker")), 400, /does not match/],
    ["a signature of another body", () => post(stripeEvent("evt_swapped"), signed(stripeEvent("evt_other"))), 400, /does not match/],
    ["a replayed signature older than the tolerance", () => post(stripeEvent("evt_old"), signed(stripeEvent("evt_old"), now() - 600)), 400, /tolerance/],
    ["a garbage signature header", () => post(stripeEvent("evt_garbage"), { "stripe-signature": "t=abc,v1=zzz" }), 400, /does not match/],
    ["malformed JSON, correctly signed", () => post("{not json", signed("{not json")), 400, /not valid JSON/],
    ["JSON that is not a Stripe event", () => post('{"hello":"world"}', signed('{"hello":"world"}')), 400, /not a Stripe event/],
    ["an event id that is not Stripe's", () => post(stripeEvent("bogus_1"), signed(stripeEvent("bogus_1"))), 400, /not a Stripe event: id/],
    ["a body over the size limit", () => post("x".repeat(600 * 1024), signed("x")), 413, /larger than/],
    ["the wrong method", () => post("", {}, "GET"), 405, /Use POST/],
  ];

  it.each(cases)("%s", async (_name, send, status, message) => {
    const response = await send();
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { message: string; code: string } };
    expect(body.error.message).toMatch(message);
    expect(await database.prisma.webhookInbox.count()).toBe(0);
  });

  it("accepts a correctly signed event once and answers a duplicate with 200 and no second write", async () => {
    const body = stripeEvent("evt_ok_1");
    const first = await post(body, signed(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ received: true, id: "evt_ok_1", outcome: "ignored" });
    const again = await post(body, signed(body));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: "duplicate" });
    const rows = await database.prisma.webhookInbox.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ eventId: "evt_ok_1", type: "invoice.sent", status: "ignored" });
  });

  it("stores an event delivered many times at once exactly once, answering the others as duplicates", async () => {
    const body = stripeEvent("evt_ok_burst");
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(body, signed(body))));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const outcomes = await Promise.all(responses.map(async (response) => ((await response.json()) as { outcome: string }).outcome));
    expect(outcomes.sort()).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "ignored"]);
    expect(await database.prisma.webhookInbox.count({ where: { eventId: "evt_ok_burst" } })).toBe(1);
  });

  it("answers 429 with Retry-After and X-RateLimit headers once the webhook budget is spent, writing nothing", async () => {
    // A store that reports the budget as already spent.
    setRateLimitStore({ hit: async () => ({ current: 1_000_000, previous: 0 }) });
    try {
      const body = stripeEvent("evt_limited");
      const response = await post(body, signed(body));
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(response.headers.get("x-ratelimit-limit")).toBeTruthy();
      expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(await database.prisma.webhookInbox.count({ where: { eventId: "evt_limited" } })).toBe(0);
    } finally {
      setRateLimitStore(new MemoryRateLimitStore());
    }
  });
});
