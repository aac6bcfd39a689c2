// npm run seed:large -- --line-items 10000000 — fills DATABASE_URL with a realistic large data set
// (1,000 tenants, seasonality, failed payments) in set-based batches with a progress bar, then
// builds the report rollups from it. --reset removes a previous large data set first.
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { closeDb, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { backfillMrr } from "@/lib/reports/refresh-mrr";
import { refreshPipelineRollup } from "@/lib/reports/refresh-pipeline";
import { markInvoiceRollupsBuilt, rebuildInvoiceRollups } from "@/lib/reports/rebuild-rollups";
import { BATCH_INVOICES, hasLargeDataSet, LINES_PER_INVOICE, resetLargeDataSet, seedInvoiceBatch, seedParties, seedWebhookEvents } from "@/lib/reports/large-data-set";
import { runScript } from "./run-script";

const PGLITE_LIMIT = 1_000_000;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, got “${value}”.`);
  return n;
}

async function step<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  process.stdout.write(`${label}… `);
  const result = await work();
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

runScript(async () => {
  const { values } = parseArgs({
    options: {
      "line-items": { type: "string" },
      tenants: { type: "string" },
      "customers-per-tenant": { type: "string" },
      days: { type: "string" },
      "webhook-events": { type: "string" },
      reset: { type: "boolean", default: false },
    },
  });
  const options = {
    lineItems: positive("line-items", values["line-items"], 1_000_000),
    tenants: positive("tenants", values.tenants, 1_000),
    customersPerTenant: positive("customers-per-tenant", values["customers-per-tenant"], 20),
    days: positive("days", values.days, 730),
    webhookEvents: positive("webhook-events", values["webhook-events"], 200_000),
  };
  const url = process.env.DATABASE_URL;
  if (!url && options.lineItems > PGLITE_LIMIT) {
    throw new Error(
      `Refusing to write ${options.lineItems.toLocaleString("en-US")} line items into the embedded PGlite database (limit ${PGLITE_LIMIT.toLocaleString("en-US")}).\n` +
        "Point DATABASE_URL at PostgreSQL, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ledgerline_large npm run seed:large -- --line-items 10000000",
    );
  }
  const connection = openConnection({ databaseUrl: url, pgliteDir: process.env.DATA_DIR ? `${process.env.DATA_DIR}/pglite` : ".data/pglite", poolSize: 4 });
  installConnection(connection);
  try {
    await step("Applying migrations", () => migrate(connection));
    if (await hasLargeDataSet(connection)) {
      if (!values.reset) throw new Error("A large data set is already present. Run again with --reset to replace it.");
      await step("Removing the previous large data set", () => resetLargeDataSet(connection));
    }
    const started = Date.now();
    await step(`Tenants, customers and subscriptions (${options.tenants} × ${options.customersPerTenant})`, () => seedParties(connection, options));

    const bar = new SingleBar({ format: "Invoices and line items |{bar}| {percentage}% | {value}/{total} line items | {eta_formatted} left", etaBuffer: 20, noTTYOutput: true, notTTYSchedule: 10_000 }, Presets.shades_classic);
    bar.start(options.lineItems, 0);
    let written = 0;
    let next = 1;
    while (written < options.lineItems) {
      const remaining = options.lineItems - written;
      const invoices = Math.max(1, Math.min(BATCH_INVOICES, Math.ceil(remaining / LINES_PER_INVOICE)));
      written += await seedInvoiceBatch(connection, options, next, next + invoices - 1);
      next += invoices;
      bar.update(Math.min(written, options.lineItems));
    }
    bar.stop();

    await step(`Webhook events (${options.webhookEvents.toLocaleString("en-US")})`, () => seedWebhookEvents(connection, options));
    await step("Building the invoice rollups", async () => {
      await rebuildInvoiceRollups({ backfillFacts: false });
      await markInvoiceRollupsBuilt();
    });
    await step("MRR snapshots (24 months)", () => backfillMrr(24));
    await step("Pipeline rollup", () => refreshPipelineRollup({ since: null }));
    await step("ANALYZE", () => connection.exec("ANALYZE"));
    console.log(`Done: ${written.toLocaleString("en-US")} line items on ${(next - 1).toLocaleString("en-US")} invoice numbers in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await closeDb();
  }
});
