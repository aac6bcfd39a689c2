// npm run bench:sync — 10,000 usage increments across 100 draft invoices, then one compiled sync
// against the local Stripe simulator at the test-mode budget (25 req/s) with 5 % of calls
// answered 429. Prints Stripe calls per invoice, 429s seen / lost, wall time, and whether every
// Stripe total equals the local total. Embedded PGlite in memory (or DATABASE_URL's server).
import Stripe from "stripe";
import { startStripeSimulator } from "@ledgerline/stripe-simulator";
import { closeDb, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { SIMULATOR_SECRET_KEY, getWebhookSecret, setStripe } from "@/lib/stripe/client";
import { runBillingSync } from "@/lib/billing-sync/run-billing-sync";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { recordUsage } from "@/lib/usage/record-usage";
import { runScript } from "../run-script";

const INVOICES = 100;
const INCREMENTS = 10_000;
const RATE = 25;

runScript(async () => {
  process.env.LOG_LEVEL ??= "error";
  const connection = openConnection({ databaseUrl: process.env.DATABASE_URL, pgliteDir: "memory://", poolSize: 5 });
  await migrate(connection);
  const prisma = installConnection(connection);
  const sim = await startStripeSimulator({ port: 0, webhookSecret: getWebhookSecret() });
  setStripe(new Stripe(SIMULATOR_SECRET_KEY, { host: "127.0.0.1", port: sim.port, protocol: "http", maxNetworkRetries: 0, timeout: 10_000 }));
  const guard = new StripeGuard({ ratePerSecond: RATE, failureThreshold: 5, halfOpenAfterMs: 5_000, maxRateLimitRetries: 8 });
  setStripeGuard(guard);

  const tenant = await prisma.tenant.create({ data: { slug: `bench-${Date.now()}`, name: "Bench" } });
  const customers: string[] = [];
  for (let i = 0; i < INVOICES; i++) {
    const cus = sim.store.seedCustomer({ name: `Bench ${i}` });
    const inv = sim.store.seedInvoice({ customer: cus.id, currency: "usd" });
    const customer = await prisma.customer.create({ data: { tenantId: tenant.id, stripeCustomerId: cus.id, name: `Bench ${i}` } });
    await prisma.invoice.create({
      data: { tenantId: tenant.id, customerId: customer.id, stripeInvoiceId: inv.id, status: "draft", currency: "usd", subtotal: 0, total: 0, amountDue: 0, amountPaid: 0, amountRemaining: 0, periodStart: new Date(), periodEnd: new Date(Date.now() + 30 * 86_400_000), stripeCreatedAt: new Date() },
    });
    customers.push(cus.id);
  }

  const recordStart = performance.now();
  for (let n = 0; n < INCREMENTS; n++) {
    const customer = customers[n % INVOICES] ?? "";
    await recordUsage({ idempotencyKey: `bench-${n}`, customer, line: "api_calls", description: "API calls", unitAmount: 2, quantity: 1 + (n % 3) }, { tenantId: tenant.id, source: "server", actor: "bench" });
  }
  const recordMs = performance.now() - recordStart;

  sim.calls.reset();
  sim.faults.injectApiFault({ path: "/v1/**", probability: 0.05, fault: { kind: "rate_limit", retryAfterSeconds: 1 } });
  const syncStart = performance.now();
  const report = await runBillingSync({ guard });
  const syncMs = performance.now() - syncStart;
  const firstCalls = sim.calls.total();

  sim.calls.reset();
  for (let n = 0; n < INVOICES; n++) {
    await recordUsage({ idempotencyKey: `bench-second-${n}`, customer: customers[n] ?? "", line: "api_calls", description: "API calls", unitAmount: 2, quantity: 5 }, { tenantId: tenant.id, source: "server", actor: "bench" });
  }
  const secondStart = performance.now();
  const second = await runBillingSync({ guard });
  const secondMs = performance.now() - secondStart;
  const secondCalls = sim.calls.total();
  sim.faults.clear();

  // Local total per invoice = compiled quantity × unit price (the bench invoices have no other lines).
  const local = await prisma.$queryRaw<{ stripe_invoice_id: string; total: bigint }[]>`
    SELECT inv.stripe_invoice_id, COALESCE(SUM(i.quantity * l.unit_amount), 0) AS total
    FROM invoices inv JOIN usage_lines l ON l.invoice_id = inv.id JOIN usage_increments i ON i.usage_line_id = l.id
    WHERE inv.tenant_id = ${tenant.id}::uuid GROUP BY inv.stripe_invoice_id`;
  const mismatched = local.filter((row) => sim.store.getInvoice(row.stripe_invoice_id)?.total !== Number(row.total)).length;

  console.log(`
Compiled Stripe sync — ${INCREMENTS.toLocaleString("en-US")} increments across ${INVOICES} invoices (budget ${RATE} req/s, 5 % of calls answered 429)
  recording increments (database only): ${(recordMs / 1000).toFixed(1)} s (${Math.round(INCREMENTS / (recordMs / 1000))} increments/s)
  first sync:  ${report.pushed}/${report.invoices} invoices pushed, ${report.failed} failed, ${firstCalls} HTTP calls to Stripe (incl. 429 answers) = ${(firstCalls / INVOICES).toFixed(2)} per invoice, ${report.stripeCalls} writes/reads that succeeded = ${(report.stripeCalls / INVOICES).toFixed(2)} per invoice
               429s seen and retried: ${guard.stats.rateLimited}, lost: ${report.failed}, wall time ${(syncMs / 1000).toFixed(1)} s
  second sync (100 more increments): ${second.pushed} pushed, ${secondCalls} calls = ${(secondCalls / INVOICES).toFixed(2)} per invoice, wall time ${(secondMs / 1000).toFixed(1)} s
  naive push (one call per increment) would have made ${INCREMENTS.toLocaleString("en-US")} calls = ${INCREMENTS / INVOICES} per invoice
  local running total = Stripe total: ${local.length - mismatched}/${local.length} invoices
`);
  await sim.close();
  await closeDb();
});
