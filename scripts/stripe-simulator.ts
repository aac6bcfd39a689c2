// npx tsx scripts/stripe-simulator.ts [--port 12111] [--webhook-url URL] [--webhook-secret whsec_…]
//   [--state-file .data/stripe-simulator.json] [--seed 42] [--demo [--demo-interval-ms 5000]]
// Runs the local Stripe simulator on its own for development.
import { parseArgs } from "node:util";
import { startDemoActivity, startStripeSimulator } from "@ledgerline/stripe-simulator";
import { runScript } from "./run-script";

runScript(async () => {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.STRIPE_SIMULATOR_PORT ?? "12111" },
      host: { type: "string", default: "127.0.0.1" },
      "webhook-url": { type: "string" },
      "webhook-secret": { type: "string", default: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_simulator_local_development" },
      "state-file": { type: "string" },
      seed: { type: "string", default: "42" },
      demo: { type: "boolean", default: false },
      "demo-interval-ms": { type: "string", default: "5000" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const sim = await startStripeSimulator({
    port,
    host: values.host,
    webhookUrl: values["webhook-url"],
    webhookSecret: values["webhook-secret"],
    stateFile: values["state-file"],
    seed: Number(values.seed),
    log: (message) => console.log(`[stripe-simulator] ${message}`),
  });
  console.log(`Stripe simulator on ${sim.url}`);
  console.log(`  SDK:      new Stripe("sk_test_simulator", { host: "127.0.0.1", port: ${sim.port}, protocol: "http" })`);
  console.log(`  webhooks: ${values["webhook-url"] ?? "(none: pass --webhook-url)"}`);
  console.log(`  control:  ${sim.url}/_simulator/health`);
  if (values.demo && sim.store.raw.customers.size === 0) {
    // A fresh simulator has nobody to bill; these emit customer.created so the app learns of them.
    for (const [name, email] of [
      ["Northwind Traders", "billing@northwind.test"],
      ["Globex Corporation", "ap@globex.test"],
      ["Initech", "accounts@initech.test"],
    ]) {
      sim.billing.createCustomer({ name, email });
    }
  }
  const demo = values.demo
    ? startDemoActivity(sim, { intervalMs: Number(values["demo-interval-ms"]), onError: (e) => console.error(e) })
    : undefined;
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  demo?.stop();
  await sim.close();
});
