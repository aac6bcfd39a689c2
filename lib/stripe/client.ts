// The Stripe SDK client the app uses: the real API when STRIPE_SECRET_KEY is set, otherwise the
// local Stripe simulator (same SDK, pointed at it with host/port/protocol).
import Stripe from "stripe";
import { getEnv } from "@/lib/config/env";
import { STRIPE_API_VERSION } from "./api-version";
import { simulatorWebhookSecret } from "./simulator-webhook-secret";

/** The API key the SDK presents to the local simulator (which accepts any test key). */
export const SIMULATOR_SECRET_KEY = "sk_test_ledgerline_simulator";

const key = Symbol.for("ledgerline.stripe");
type GlobalWithStripe = typeof globalThis & { [key]?: Stripe };

export function stripeClientOptions(): { apiKey: string; config: Stripe.StripeConfig } {
  const env = getEnv();
  // Retries belong to the durable jobs (with their own backoff), not to the SDK.
  // The API version is pinned: payload shapes change only when it is moved deliberately.
  const common: Stripe.StripeConfig = { apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0, timeout: 10_000, appInfo: { name: "Ledgerline" } };
  if (env.STRIPE_SECRET_KEY) return { apiKey: env.STRIPE_SECRET_KEY, config: common };
  return {
    apiKey: SIMULATOR_SECRET_KEY,
    config: { ...common, host: "127.0.0.1", port: env.STRIPE_SIMULATOR_PORT, protocol: "http" },
  };
}

export function getStripe(): Stripe {
  const g = globalThis as GlobalWithStripe;
  if (!g[key]) {
    const { apiKey, config } = stripeClientOptions();
    g[key] = new Stripe(apiKey, config);
  }
  return g[key];
}

/** Replaces the client (tests point it at their own simulator instance). */
export function setStripe(client: Stripe | undefined): void {
  (globalThis as GlobalWithStripe)[key] = client;
}

/** Where the local simulator listens (its hosted invoice pages too). */
export function simulatorBaseUrl(): string {
  return `http://127.0.0.1:${getEnv().STRIPE_SIMULATOR_PORT}`;
}

/**
 * The secret Stripe's deliveries are verified with: the endpoint's own, or without Stripe keys the
 * simulator's, generated per install under DATA_DIR.
 */
export function getWebhookSecret(): string {
  const env = getEnv();
  return env.STRIPE_WEBHOOK_SECRET ?? simulatorWebhookSecret(env.DATA_DIR);
}
