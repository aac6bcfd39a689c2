// The webhook secret the code once published for the demo signs nothing that is accepted: not
// with real Stripe keys, not with demo mode off, and not in demo mode either, where every install
// generates its own. Environment validation refuses it outside demo mode.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { signatureHeader } from "@ledgerline/stripe-simulator";
import { InvalidEnvironmentError, parseEnv } from "@/lib/config/env";
import { startRouteHost, type RouteModule } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const PUBLISHED_DEMO_SECRET = "whsec_ledgerline_demo_0000000000000000";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-webhook-secret-"));
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Loads the webhook route fresh under `env`, posts one event signed with `secret`. */
async function deliver(env: Record<string, string>, secret: string, id: string): Promise<Response> {
  vi.resetModules();
  for (const [name, value] of Object.entries({ DATA_DIR: dataDir, STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "", DEMO_MODE: "", ...env })) vi.stubEnv(name, value);
  const route = (await import("@/app/api/webhooks/stripe/route")) as RouteModule;
  const host = await startRouteHost({ "/api/webhooks/stripe": route });
  try {
    const body = JSON.stringify({ id, object: "event", type: "invoice.sent", api_version: "2025-01-01", created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { object: "invoice", id: "in_x" } } });
    return await fetch(host.url("/api/webhooks/stripe"), { method: "POST", body, headers: { "content-type": "application/json", "stripe-signature": signatureHeader(body, secret) } });
  } finally {
    await host.close();
  }
}

describe("the published demo webhook secret", () => {
  it.each([
    ["with real Stripe keys", { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: PUBLISHED_DEMO_SECRET }],
    ["with real Stripe keys and demo mode forced on", { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: PUBLISHED_DEMO_SECRET, DEMO_MODE: "1" }],
    ["with demo mode off", { DEMO_MODE: "0", STRIPE_WEBHOOK_SECRET: PUBLISHED_DEMO_SECRET }],
  ])("is refused by environment validation %s", (_name, source) => {
    expect(() => parseEnv(source)).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv(source)).toThrow(/STRIPE_WEBHOOK_SECRET .*published demo secret/);
  });

  it("is still a valid setting in demo mode with the simulator", () => {
    expect(parseEnv({ STRIPE_WEBHOOK_SECRET: PUBLISHED_DEMO_SECRET }).STRIPE_WEBHOOK_SECRET).toBe(PUBLISHED_DEMO_SECRET);
  });

  it.each([
    ["with real Stripe keys", { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_real_endpoint_secret" }],
    ["with demo mode off and no Stripe keys", { DEMO_MODE: "0" }],
    ["in demo mode, where the secret is generated per install", {}],
  ])("signs no delivery the webhook route accepts %s", async (_name, env) => {
    const response = await deliver(env, PUBLISHED_DEMO_SECRET, `evt_published_${Object.keys(env).length}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_signature");
    expect(await database.prisma.webhookInbox.count()).toBe(0);
  });

  it("leaves the endpoint's own secret working with real Stripe keys", async () => {
    const response = await deliver({ STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_WEBHOOK_SECRET: "whsec_real_endpoint_secret" }, "whsec_real_endpoint_secret", "evt_real_secret");
    expect(response.status).toBe(200);
  });
});
