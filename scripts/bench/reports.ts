// npm run bench:reports — on the large data set in DATABASE_URL (npm run seed:large first, or pass
// --seed N to seed N line items now): raw aggregation vs rollup query, cold and cached report
// loads (memory and Redis), and the cost of incremental rollup maintenance per invoice event.
import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { createMemoryStore, type CacheStore } from "@/lib/cache/cache-store";
import { setReportCacheStore } from "@/lib/reports/report-cache";
import { createRedisStore } from "@/lib/cache/redis-store";
import { closeDb, db, sql, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { parseReportFilters } from "@/lib/reports/filters";
import { maintainInvoiceRollups, readInvoiceRollupState } from "@/lib/reports/invoice-rollups";
import { ALL_TENANTS, reportNames } from "@/lib/reports/report-names";
import { runScript } from "../run-script";

const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function sample(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) out.push(await time(() => fn(i)));
  return out;
}

const summary = (s: number[]) => `p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))} (n=${s.length})`;

// The report without rollups: revenue by month straight from the line items.
const RAW_REVENUE = `
  SELECT date_trunc('month', coalesce(i.paid_at, i.stripe_created_at))::date AS month, i.status, sum(li.amount) AS amount, count(DISTINCT i.id) AS invoices
  FROM invoice_line_items li JOIN invoices i ON i.id = li.invoice_id
  WHERE ($1::uuid IS NULL OR li.tenant_id = $1::uuid) AND i.currency = 'usd'
    AND i.stripe_created_at >= $2::date AND i.stripe_created_at < $3::date + 1 AND i.status IN ('paid', 'open', 'uncollectible')
  GROUP BY 1, 2`;
const ROLLUP_REVENUE = `
  SELECT date_trunc('month', day)::date AS month, bucket, sum(total) AS amount, sum(invoice_count) AS invoices
  FROM report_revenue_daily
  WHERE tenant_id = $1::uuid AND currency = 'usd' AND day BETWEEN $2::date AND $3::date AND bucket IN ('paid', 'open', 'uncollectible')
  GROUP BY 1, 2`;

/**
 * The report loaders are server-only modules (they refuse to load outside React's server build);
 * this script is server code too, so it registers the marker module as empty before loading them.
 */
function allowServerOnlyModules(): void {
  const require = createRequire(import.meta.url);
  const id = require.resolve("server-only");
  require.cache[id] = { id, filename: id, loaded: true, exports: {} } as NodeJS.Module;
}

runScript(async () => {
  allowServerOnlyModules();
  const { loadReportFigures } = await import("@/lib/reports/load-report");
  const { values } = parseArgs({ options: { seed: { type: "string" }, runs: { type: "string" }, events: { type: "string" } } });
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("bench:reports needs PostgreSQL: set DATABASE_URL (and run npm run seed:large into it first).");
  if (values.seed) execFileSync("npx", ["tsx", "scripts/seed-large.ts", "--line-items", values.seed, "--reset"], { stdio: "inherit" });
  const runs = Number(values.runs ?? 40);
  installConnection(openConnection({ databaseUrl: url, poolSize: 4 }));
  try {
    const counts = await sql().query<{ items: string; invoices: string; tenants: string }>(
      "SELECT (SELECT count(*) FROM invoice_line_items) AS items, (SELECT count(*) FROM invoices) AS invoices, (SELECT count(*) FROM tenants) AS tenants",
    );
    const c = counts[0];
    console.log(`Data set: ${Number(c?.items).toLocaleString("en-US")} line items, ${Number(c?.invoices).toLocaleString("en-US")} invoices, ${c?.tenants} tenants. Machine: 2 cores.`);
    const tenants = (await sql().query<{ id: string }>("SELECT id FROM tenants WHERE slug LIKE 'large-%' ORDER BY slug")).map((t) => t.id);
    if (tenants.length === 0) throw new Error("No large data set found: run npm run seed:large first (or pass --seed N).");
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);

    console.log("\n## Raw aggregation vs rollup (revenue by month, 12 months, usd)");
    const pick = (i: number) => tenants[(i * 37) % tenants.length] ?? tenants[0];
    const rawTenant = await sample(5, (i) => sql().query(RAW_REVENUE, [pick(i), from, to]));
    const rollTenant = await sample(runs, (i) => sql().query(ROLLUP_REVENUE, [pick(i), from, to]));
    console.log(`one tenant  raw:    ${summary(rawTenant)}`);
    console.log(`one tenant  rollup: ${summary(rollTenant)}  → ${(percentile(rawTenant, 50) / percentile(rollTenant, 50)).toFixed(0)}× faster (p50)`);
    const rawAll = await sample(3, () => sql().query(RAW_REVENUE, [null, from, to]));
    const rollAll = await sample(runs, () => sql().query(ROLLUP_REVENUE, [ALL_TENANTS, from, to]));
    console.log(`all tenants raw:    ${summary(rawAll)}`);
    console.log(`all tenants rollup: ${summary(rollAll)}  → ${(percentile(rawAll, 50) / percentile(rollAll, 50)).toFixed(0)}× faster (p50)`);

    const filters = parseReportFilters({ from, to, by: "week" });
    const scopes = (i: number) => (i % 10 === 0 ? ALL_TENANTS : pick(i));
    await loadReportFigures("revenue", pick(0), filters); // builds nothing: only checks the rollups marker once
    console.log("\n## Report loads (every report, random tenants; 1 in 10 is the all-tenants view)");
    for (const report of reportNames) {
      setReportCacheStore(createMemoryStore());
      // Cold: a fresh store per request, so every load computes from the rollups.
      const cold = await sample(runs, (i) => {
        setReportCacheStore(createMemoryStore());
        return loadReportFigures(report, scopes(i), filters);
      });
      const store = createMemoryStore();
      setReportCacheStore(store);
      for (let i = 0; i < 10; i += 1) await loadReportFigures(report, scopes(i), filters);
      const cached = await sample(runs, (i) => loadReportFigures(report, scopes(i % 10), filters));
      console.log(`${report.padEnd(12)} cold ${summary(cold)} | cached (memory) ${summary(cached)}`);
    }
    let redis: CacheStore | null = null;
    try {
      redis = createRedisStore(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
      setReportCacheStore(redis);
      for (let i = 0; i < 10; i += 1) await loadReportFigures("revenue", scopes(i), filters);
      const cached = await sample(runs * 5, (i) => loadReportFigures(reportNames[i % reportNames.length] ?? "revenue", scopes(i % 10), filters));
      console.log(`all reports  cached (Redis) ${summary(cached)}`);
    } catch (error) {
      console.log(`Redis not measured: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await redis?.close();
    }

    console.log("\n## Incremental rollup maintenance per invoice event");
    const events = Number(values.events ?? 300);
    const invoices = await sql().query<{ id: string }>(
      `SELECT id FROM invoices WHERE status = 'open' AND stripe_invoice_id LIKE 'in_large_%' ORDER BY stripe_created_at DESC LIMIT ${events}`,
    );
    // The same status change (open → paid) with and without the rollup maintenance, rolled back.
    const settle = async (id: string, maintain: boolean) => {
      await db()
        .$transaction(async (tx) => {
          const before = maintain ? await readInvoiceRollupState(tx, id) : null;
          await tx.invoice.update({ where: { id }, data: { status: "paid", amountPaid: { increment: 0 }, amountRemaining: 0, paidAt: new Date() } });
          if (maintain) await maintainInvoiceRollups(tx, before, id, "invoice.paid", new Date());
          throw new RollbackSignal();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RollbackSignal)) throw error;
        });
    };
    const without = await sample(invoices.length, (i) => settle(invoices[i]?.id ?? "", false));
    const withRollups = await sample(invoices.length, (i) => settle(invoices[i]?.id ?? "", true));
    console.log(`invoice update only:          ${summary(without)}`);
    console.log(`invoice update + rollups:     ${summary(withRollups)}`);
    console.log(`maintenance cost per event:   ~${ms(percentile(withRollups, 50) - percentile(without, 50))} at p50`);
  } finally {
    await closeDb();
  }
});

class RollbackSignal extends Error {}
