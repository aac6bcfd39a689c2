// `npm run stripe:setup`: makes a Stripe account ready for Ledgerline. Creates (or verifies and
// repairs) the webhook endpoint subscribed to exactly the event types the pipeline handles, and
// configures the Customer Portal. Safe to run again: a second run changes only what drifted.
import Stripe from "stripe";
import { AppError } from "@/lib/errors/app-error";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { handledStripeEventTypes } from "@/lib/webhooks/handled-event-types";

/** Marks the objects this script manages, so a re-run finds them again. */
export const MANAGED_BY_METADATA = { managed_by: "ledgerline" } as const;

export type SetupAction = "created" | "updated" | "unchanged";

export interface StripeSetupReport {
  webhook: {
    action: SetupAction;
    id: string;
    url: string;
    enabledEvents: string[];
    /** Returned by Stripe only when the endpoint is created: put it in STRIPE_WEBHOOK_SECRET. */
    secret?: string;
    /** Stripe cannot change an endpoint's API version; a mismatch is reported, not fixed. */
    apiVersionWarning?: string;
  };
  portal: { action: SetupAction; id: string; returnUrl: string };
}

export interface StripeSetupOptions {
  stripe: Stripe;
  /** Public URL of the webhook route, e.g. https://billing.example.com/api/webhooks/stripe */
  webhookUrl: string;
  /** Where the Customer Portal sends customers back to. */
  portalReturnUrl: string;
  /** Allow http:// and localhost URLs (the local simulator). Stripe itself refuses them. */
  allowLocalUrls?: boolean;
}

export function isLiveKey(key: string): boolean {
  return /^(sk|rk)_live_/.test(key);
}

/** Live keys change real customers' billing settings: only with an explicit --live. */
export function assertKeyAllowed(key: string, options: { live: boolean }): void {
  if (isLiveKey(key) && !options.live) {
    throw new AppError(
      "forbidden",
      "STRIPE_SECRET_KEY is a live-mode key. Run against a test-mode key (sk_test_…) first; to configure the live account on purpose, pass --live.",
    );
  }
}

function assertPublicUrl(url: string, allowLocal: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("invalid_input", `The webhook URL "${url}" is not an absolute URL.`);
  }
  if (allowLocal) return;
  if (parsed.protocol !== "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname)) {
    throw new AppError(
      "invalid_input",
      `Stripe only delivers to public https URLs, not ${url}. Set APP_URL to the deployed URL, or in development use ` +
        "`stripe listen --forward-to localhost:3000/api/webhooks/stripe` instead of an endpoint (docs/deploy.md).",
    );
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

async function ensureWebhookEndpoint(stripe: Stripe, url: string): Promise<StripeSetupReport["webhook"]> {
  const enabledEvents = [...handledStripeEventTypes];
  const endpoints = await stripe.webhookEndpoints.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  const existing = endpoints.find((endpoint) => endpoint.url === url);
  if (!existing) {
    const created = await stripe.webhookEndpoints.create({
      url,
      enabled_events: enabledEvents,
      // Pin the payload shape to the API version the installed SDK (and our schemas) expect.
      api_version: STRIPE_API_VERSION,
      description: "Ledgerline: billing events",
      metadata: { ...MANAGED_BY_METADATA },
    });
    return { action: "created", id: created.id, url, enabledEvents, secret: created.secret };
  }
  const apiVersionWarning =
    existing.api_version && existing.api_version !== STRIPE_API_VERSION
      ? `The endpoint sends API version ${existing.api_version}; Ledgerline expects ${STRIPE_API_VERSION}. Stripe cannot change it: delete the endpoint and run stripe:setup again (then update STRIPE_WEBHOOK_SECRET).`
      : undefined;
  const drifted = !sameSet(existing.enabled_events, enabledEvents) || existing.status !== "enabled";
  if (!drifted) return { action: "unchanged", id: existing.id, url, enabledEvents, apiVersionWarning };
  await stripe.webhookEndpoints.update(existing.id, { enabled_events: enabledEvents, disabled: false, metadata: { ...MANAGED_BY_METADATA } });
  return { action: "updated", id: existing.id, url, enabledEvents, apiVersionWarning };
}

/**
 * Customers see and pay their invoices and update their payment method. Contact details and plan
 * changes stay with the vendor's own product (they arrive here as customer/subscription events).
 */
function portalSettings(returnUrl: string) {
  return {
    default_return_url: returnUrl,
    business_profile: { headline: "Manage your billing" },
    features: {
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true },
      customer_update: { enabled: false },
      subscription_cancel: { enabled: false },
    },
    metadata: { ...MANAGED_BY_METADATA },
  };
}

function portalMatches(configuration: Stripe.BillingPortal.Configuration, returnUrl: string): boolean {
  const f = configuration.features;
  return (
    configuration.active &&
    configuration.default_return_url === returnUrl &&
    f.invoice_history.enabled &&
    f.payment_method_update.enabled &&
    !f.customer_update.enabled &&
    !f.subscription_cancel.enabled
  );
}

async function ensurePortalConfiguration(stripe: Stripe, returnUrl: string): Promise<StripeSetupReport["portal"]> {
  // Portal sessions created without a configuration use the account's default one: configure that.
  const configurations = await stripe.billingPortal.configurations.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  const target =
    configurations.find((c) => c.is_default) ?? configurations.find((c) => c.metadata?.managed_by === MANAGED_BY_METADATA.managed_by);
  if (!target) {
    const created = await stripe.billingPortal.configurations.create(portalSettings(returnUrl));
    return { action: "created", id: created.id, returnUrl };
  }
  if (portalMatches(target, returnUrl)) return { action: "unchanged", id: target.id, returnUrl };
  await stripe.billingPortal.configurations.update(target.id, { ...portalSettings(returnUrl), active: true });
  return { action: "updated", id: target.id, returnUrl };
}

export async function setupStripeAccount(options: StripeSetupOptions): Promise<StripeSetupReport> {
  assertPublicUrl(options.webhookUrl, options.allowLocalUrls ?? false);
  const webhook = await ensureWebhookEndpoint(options.stripe, options.webhookUrl);
  const portal = await ensurePortalConfiguration(options.stripe, options.portalReturnUrl);
  return { webhook, portal };
}
