// npm run stripe:setup [-- --url https://…/api/webhooks/stripe] [--return-url https://…/billing] [--live]
// Prepares the Stripe account of STRIPE_SECRET_KEY: the webhook endpoint (created or verified)
// and the Customer Portal. Refuses a live key unless --live is passed.
import { parseArgs } from "node:util";
import Stripe from "stripe";
import { parseStripeSetupEnv } from "@/lib/config/env";
import { assertKeyAllowed, isLiveKey, setupStripeAccount } from "@/lib/stripe-setup/setup-stripe-account";
import { runScript } from "./run-script";

runScript(async () => {
  const { values } = parseArgs({
    options: { url: { type: "string" }, "return-url": { type: "string" }, live: { type: "boolean", default: false } },
  });
  const env = parseStripeSetupEnv(process.env);
  if (!env.STRIPE_SECRET_KEY) {
    throw new Error("Set STRIPE_SECRET_KEY to your Stripe test-mode secret key (sk_test_…) and run again.");
  }
  assertKeyAllowed(env.STRIPE_SECRET_KEY, { live: values.live });

  const stripe = new Stripe(env.STRIPE_SECRET_KEY, { maxNetworkRetries: 2, appInfo: { name: "Ledgerline stripe:setup" } });
  const report = await setupStripeAccount({
    stripe,
    webhookUrl: values.url ?? `${env.appUrl}/api/webhooks/stripe`,
    portalReturnUrl: values["return-url"] ?? `${env.appUrl}/billing`,
  });

  const mode = isLiveKey(env.STRIPE_SECRET_KEY) ? "LIVE" : "test";
  console.log(`Stripe account (${mode} mode):`);
  console.log(`  webhook endpoint ${report.webhook.id} ${report.webhook.action}: ${report.webhook.url}`);
  console.log(`    ${report.webhook.enabledEvents.length} event types: ${report.webhook.enabledEvents.join(", ")}`);
  if (report.webhook.apiVersionWarning) console.log(`  WARNING: ${report.webhook.apiVersionWarning}`);
  console.log(`  customer portal configuration ${report.portal.id} ${report.portal.action} (returns to ${report.portal.returnUrl})`);
  if (report.webhook.secret) {
    console.log(`\nSet this in the app's environment (Stripe shows it only once):\n  STRIPE_WEBHOOK_SECRET=${report.webhook.secret}`);
  } else {
    console.log("\nSTRIPE_WEBHOOK_SECRET stays as it is (the endpoint's signing secret is in the Stripe Dashboard).");
  }
});
