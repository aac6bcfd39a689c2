// npm run stripe:setup against the Stripe simulator with the real SDK: the first run creates the
// webhook endpoint and the portal configuration, the second verifies them, drift is repaired,
// and a live key is refused without --live.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeSimulator, type StripeSimulator } from "@ledgerline/stripe-simulator";
import { parseStripeSetupEnv } from "@/lib/config/env";
import { isAppError } from "@/lib/errors/app-error";
import { SIMULATOR_SECRET_KEY, getWebhookSecret } from "@/lib/stripe/client";
import { assertKeyAllowed, setupStripeAccount } from "@/lib/stripe-setup/setup-stripe-account";
import { handledStripeEventTypes } from "@/lib/webhooks/handled-event-types";

let simulator: StripeSimulator;
let stripe: Stripe;
const webhookUrl = "https://billing.example.test/api/webhooks/stripe";
const portalReturnUrl = "https://billing.example.test/billing";

beforeAll(async () => {
  simulator = await startStripeSimulator({ port: 0, webhookSecret: getWebhookSecret() });
  stripe = new Stripe(SIMULATOR_SECRET_KEY, { host: "127.0.0.1", port: simulator.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(() => simulator?.close());

describe("setupStripeAccount", () => {
  it("creates the webhook endpoint with the handled event types and the portal configuration", async () => {
    const report = await setupStripeAccount({ stripe, webhookUrl, portalReturnUrl });
    expect(report.webhook).toMatchObject({ action: "created", url: webhookUrl });
    expect(report.webhook.secret).toMatch(/^whsec_/);
    expect(report.portal.action).toBe("created");

    const endpoint = await stripe.webhookEndpoints.retrieve(report.webhook.id);
    expect([...endpoint.enabled_events].sort()).toEqual([...handledStripeEventTypes].sort());
    expect(endpoint).toMatchObject({ status: "enabled", api_version: Stripe.API_VERSION, metadata: { managed_by: "ledgerline" } });
    const portal = await stripe.billingPortal.configurations.retrieve(report.portal.id);
    expect(portal).toMatchObject({ default_return_url: portalReturnUrl, active: true });
    expect(portal.features.invoice_history.enabled).toBe(true);
    expect(portal.features.payment_method_update.enabled).toBe(true);
  });

  it("verifies without changing anything on a second run", async () => {
    const report = await setupStripeAccount({ stripe, webhookUrl, portalReturnUrl });
    expect(report.webhook.action).toBe("unchanged");
    expect(report.webhook.secret).toBeUndefined();
    expect(report.portal.action).toBe("unchanged");
    expect((await stripe.webhookEndpoints.list({ limit: 100 })).data.filter((e) => e.url === webhookUrl)).toHaveLength(1);
    expect((await stripe.billingPortal.configurations.list({ limit: 100 })).data).toHaveLength(1);
  });

  it("repairs drift: missing event types, a disabled endpoint, another return URL", async () => {
    const { data } = await stripe.webhookEndpoints.list({ limit: 100 });
    const endpoint = data.find((e) => e.url === webhookUrl)!;
    await stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ["invoice.paid"], disabled: true });

    const report = await setupStripeAccount({ stripe, webhookUrl, portalReturnUrl: "https://billing.example.test/account" });
    expect(report.webhook).toMatchObject({ action: "updated", id: endpoint.id });
    expect(report.portal.action).toBe("updated");
    const repaired = await stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(repaired.status).toBe("enabled");
    expect([...repaired.enabled_events].sort()).toEqual([...handledStripeEventTypes].sort());
  });

  it("refuses URLs Stripe cannot deliver to, pointing at stripe listen", async () => {
    await expect(setupStripeAccount({ stripe, webhookUrl: "http://localhost:3000/api/webhooks/stripe", portalReturnUrl })).rejects.toThrow(
      /stripe listen --forward-to/,
    );
  });
});

describe("key mode", () => {
  it.each([
    ["sk_test_abc", false, true],
    ["rk_test_abc", false, true],
    ["sk_live_abc", false, false],
    ["rk_live_abc", false, false],
    ["sk_live_abc", true, true],
  ])("%s with --live=%s allowed: %s", (key, live, allowed) => {
    const attempt = () => assertKeyAllowed(key, { live });
    if (allowed) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(/live-mode key.*pass --live/);
  });

  it("reads the setup environment without requiring a webhook secret yet", () => {
    expect(parseStripeSetupEnv({ STRIPE_SECRET_KEY: "sk_test_x", APP_URL: "https://billing.example.test/" })).toEqual({
      STRIPE_SECRET_KEY: "sk_test_x",
      appUrl: "https://billing.example.test",
    });
    const error: unknown = (() => {
      try {
        return parseStripeSetupEnv({ STRIPE_SECRET_KEY: "pk_test_x" });
      } catch (e) {
        return e;
      }
    })();
    expect((error as Error).message).toMatch(/STRIPE_SECRET_KEY must be a Stripe secret key/);
    expect(isAppError(error)).toBe(false);
  });
});
