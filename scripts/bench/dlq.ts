// npm run bench:dlq — the dead-letter explorer at scale, on PostgreSQL (BENCH_DATABASE_URL or
// DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres): creates its own database,
// seeds 1,000,000 failure envelopes with generate_series, measures the list query the page uses
// (server time per filter, p50/p95/p99), then bulk-replays a 10,000-envelope slice through the
// real batch code and Inngest client (local driver's event store, no functions registered), with
// two workers racing, and checks there is no duplicate replay or event. Drops the database after
// (BENCH_KEEP_DATABASE=1 keeps it for EXPLAIN).
import { spawnSync } from "node:child_process";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { runScript } from "../run-script";

// The explorer's queries are `server-only` modules: run under React's server condition, as Next does.
if (!process.execArgv.some((arg) => arg.includes("react-server"))) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(child.status ?? 1);
}

const BASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const ENVELOPES = Number(process.env.BENCH_ENVELOPES ?? 1_000_000);
const BULK = Number(process.env.BENCH_BULK ?? 10_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

async function admin(statement: string) {
  const client = new Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const JOB_TYPES = ["stripe-invoice-paid", "stripe-invoice-created", "stripe-invoice-finalized", "stripe-invoice-payment-failed", "stripe-customer-updated", "stripe-customer-subscription-updated"];

async function seed(exec: (sql: string) => Promise<void>) {
  await exec(`INSERT INTO "tenants" ("slug", "name") SELECT 'bench-' || i, 'Bench tenant ' || i FROM generate_series(1, 20) i`);
  // Secondary indexes are built after the bulk load (as a restore would), then ANALYZE.
  await exec(`CREATE TEMP TABLE "bench_indexes" AS SELECT indexdef FROM pg_indexes WHERE tablename = 'failure_envelopes' AND indexname <> 'failure_envelopes_pkey'`);
  await exec(`DO $$ DECLARE r record; BEGIN FOR r IN SELECT indexname FROM pg_indexes WHERE tablename = 'failure_envelopes' AND indexname <> 'failure_envelopes_pkey' LOOP EXECUTE 'DROP INDEX ' || quote_ident(r.indexname); END LOOP; END $$`);
  const started = performance.now();
  await exec(`
    WITH t AS (SELECT array_agg("id" ORDER BY "slug") AS ids FROM "tenants")
    INSERT INTO "failure_envelopes" ("job_id", "job_type", "tenant_id", "failed_at", "attempt", "max_attempts", "reason", "stack", "payload", "backoff_strategy", "status", "stripe_event_id", "run_id", "created_at")
    SELECT 'evt_bench' || n,
           (ARRAY['${JOB_TYPES.join("','")}'])[1 + (n / 20) % ${JOB_TYPES.length}],
           CASE WHEN n % 50 = 0 THEN NULL ELSE t.ids[1 + n % 20] END,
           now() - ((n % 7776000) * interval '1 second'),
           3, 3,
           (ARRAY['Stripe answered 500 for cus_', 'Request timed out after ', 'Customer cus_', 'Card declined for in_', 'Rate limited: retry after ', 'Invalid invoice in evt_'])[1 + (n / 7) % 6] || (n % 5000) || (ARRAY['', ' ms', ' has no ledgerline_tenant', '', ' s', ': amount_due Expected number'])[1 + (n / 7) % 6],
           'Error: bench\n    at apply (lib/invoices/apply-stripe-invoice.ts:42:11)',
           jsonb_build_object('stripeEvent', jsonb_build_object('id', 'evt_bench' || n, 'object', 'event', 'type', 'invoice.paid', 'created', 1763000000 + n, 'livemode', false,
             'data', jsonb_build_object('object', jsonb_build_object('object', 'invoice', 'id', 'in_bench' || n, 'customer', 'cus_bench' || (n % 5000), 'number', 'INV-' || lpad(n::text, 7, '0'),
               'status', 'paid', 'currency', 'usd', 'total', (n % 1000) * 100, 'amount_due', (n % 1000) * 100, 'amount_paid', 0, 'amount_remaining', (n % 1000) * 100,
               'subtotal', (n % 1000) * 100, 'period_start', 1762000000, 'period_end', 1762600000, 'created', 1762000000)))),
           '{"strategy":"exponential","maxAttempts":3,"delaysMs":[60000,300000]}'::jsonb,
           (CASE WHEN (n / 120) % 10 < 2 THEN 'open' WHEN (n / 120) % 10 < 3 THEN 'replayed' WHEN (n / 120) % 10 < 4 THEN 'discarded' ELSE 'resolved' END)::"EnvelopeStatus",
           'evt_bench' || n, 'run_bench' || n,
           now() - ((n % 7776000) * interval '1 second')
    FROM generate_series(1, ${ENVELOPES}) n, t`);
  const seeded = performance.now();
  for (const row of await queryRows<{ indexdef: string }>(`SELECT indexdef FROM "bench_indexes"`)) await exec(row.indexdef);
  const indexed = performance.now();
  // Issues by fingerprint: here the normalized reason alone (the recorder also adds the subject).
  await exec(`UPDATE "failure_envelopes" SET "fingerprint" = dlq_reason_key("reason")`);
  await exec(`INSERT INTO "failure_groups" ("fingerprint", "reason_key", "sample_reason", "occurrences", "first_seen_at", "last_seen_at")
              SELECT "fingerprint", "fingerprint", min("reason"), count(*), min("failed_at"), max("failed_at") FROM "failure_envelopes" GROUP BY 1`);
  // The bulk-replay slice: exactly BULK open failures of one job type.
  await exec(`UPDATE "failure_envelopes" SET "job_type" = 'stripe-invoice-voided' WHERE "id" IN (SELECT "id" FROM "failure_envelopes" WHERE "status" = 'open' ORDER BY "failed_at" DESC LIMIT ${BULK})`);
  // As after a restore: nothing left for autovacuum to do while the queries are measured.
  await exec(`VACUUM ANALYZE`);
  return { seedMs: seeded - started, indexMs: indexed - seeded, groupsMs: performance.now() - indexed };
}

let queryRows: <T>(sql: string, params?: unknown[]) => Promise<T[]>;

async function main() {
  const name = `ledgerline_bench_dlq_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.LOG_LEVEL = "silent";
  const [{ openConnection }, { migrate }, { installConnection: installConnection, closeDb, sql }] = await Promise.all([import("@/lib/db/connection"), import("@/lib/db/migrate"), import("@/lib/db/client")]);
  try {
    const connection = openConnection({ databaseUrl: url.toString(), poolSize: 4 });
    await migrate(connection);
    installConnection(connection);
    queryRows = (text, params) => sql().query(text, params);
    const exec = (text: string) => sql().exec(text);

    console.log(`Seeding ${ENVELOPES.toLocaleString("en-US")} failure envelopes…`);
    const seedTimes = await seed(exec);
    console.log(`  rows ${(seedTimes.seedMs / 1000).toFixed(1)} s, indexes ${(seedTimes.indexMs / 1000).toFixed(1)} s, issues ${(seedTimes.groupsMs / 1000).toFixed(1)} s`);

    const { listFailureEnvelopes } = await import("@/lib/dead-letters/queries");
    const tenants = await queryRows<{ id: string }>(`SELECT "id" FROM "tenants" ORDER BY "slug"`);
    const groups = await queryRows<{ id: string }>(`SELECT "id" FROM "failure_groups" ORDER BY "occurrences" DESC LIMIT 20`);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const deepCursor = async () => {
      let after: string | undefined;
      for (let i = 0; i < 20; i++) after = (await listFailureEnvelopes({ status: "open" }, after)).nextCursor ?? undefined;
      return after;
    };
    const deep = await deepCursor();
    const scenarios: [string, (i: number) => Parameters<typeof listFailureEnvelopes>][] = [
      ["no filter (newest first)", () => [{}]],
      ["status=open", () => [{ status: "open" }]],
      ["status=open + job type", (i) => [{ status: "open", jobType: pick(JOB_TYPES, i) }]],
      ["tenant", (i) => [{ tenant: pick(tenants, i).id }]],
      ["tenant + status=open + last 7 days", (i) => [{ tenant: pick(tenants, i).id, status: "open", from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10) }]],
      ["status=open + payload words matching nothing", () => [{ status: "open", text: "zzzunknown" }]],
      ["issue (group)", (i) => [{ group: pick(groups, i).id }]],
      ["reason words", (i) => [{ reason: pick(["timed out", "declined", "rate limited", "no ledgerline_tenant"], i) }]],
      ["Stripe event id", (i) => [{ q: `evt_bench${(i * 7919) % ENVELOPES + 1}` }]],
      ["customer id (payload containment)", (i) => [{ q: `cus_bench${(i * 31) % 5000}` }]],
      ["invoice number", (i) => [{ q: `INV-${String((i * 7919) % ENVELOPES + 1).padStart(7, "0")}` }]],
      ["payload words (rare: one envelope)", (i) => [{ text: `in_bench${(i * 7919) % ENVELOPES + 1}` }]],
      ["payload words (common: every envelope)", () => [{ text: "paid" }]],
      ["JSON path (equality)", (i) => [{ path: `$.stripeEvent.data.object.customer ? (@ == "cus_bench${(i * 31) % 5000}")` }]],
      ["JSON path (range, rare) + status=open", () => [{ status: "open", path: "$.stripeEvent.data.object.amount_due ? (@ > 99800)" }]],
      ["page 21 of status=open (keyset)", () => [{ status: "open" }, deep]],
    ];
    const results: { name: string; p50: number; p95: number; p99: number; rows: number }[] = [];
    for (const [label, args] of scenarios) {
      for (let i = 0; i < 10; i++) await listFailureEnvelopes(...args(i));
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const started = performance.now();
        const page = await listFailureEnvelopes(...args(i));
        times.push(performance.now() - started);
        rows = page.envelopes.length;
      }
      times.sort((a, b) => a - b);
      results.push({ name: label, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), rows });
      console.log(`  ${label.padEnd(42)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  p99 ${percentile(times, 99).toFixed(1).padStart(6)} ms  (${rows} rows)`);
    }

    console.log(`\nBulk replay of ${BULK.toLocaleString("en-US")} envelopes…`);
    const [{ startBulkReplay, planBulkReplay, replayNextBatch }, { inngestReplaySender }, { attachLocalEventApi }] = await Promise.all([
      import("@/lib/dead-letters/bulk-replay"),
      import("@/lib/dead-letters/replay-sender"),
      import("@/lib/runtime/background-services"),
    ]);
    // Replays go to the local driver's event API, which stores them (no driver runs here).
    await attachLocalEventApi();
    const filter = { status: "open" as const, jobType: "stripe-invoice-voided" };
    const startedBulk = performance.now();
    const { bulkId, total } = await startBulkReplay({ filter, actor: "bench", ratePerSecond: 40, startRun: false });
    const selectionMs = performance.now() - startedBulk;
    const plan = await planBulkReplay(bulkId);
    let lastPrinted = 0;
    const worker = async () => {
      for (;;) {
        const progress = await replayNextBatch(bulkId, plan.batchSize, inngestReplaySender);
        if (progress.processed - lastPrinted >= total / 10 || progress.done) {
          lastPrinted = progress.processed;
          process.stdout.write(`  progress ${progress.processed}/${progress.total} (sent ${progress.sent}, skipped ${progress.skipped})\n`);
        }
        if (progress.done) return progress;
      }
    };
    const replayStarted = performance.now();
    await Promise.all([worker(), worker()]);
    const replayMs = performance.now() - replayStarted;
    const [check] = await queryRows<{ replays: number; envelopes: number; events: number; distinct_events: number; sent: number }>(
      `SELECT (SELECT count(*)::int FROM "dlq_replays" WHERE "bulk_id" = $1) AS "replays",
              (SELECT count(DISTINCT "envelope_id")::int FROM "dlq_replays" WHERE "bulk_id" = $1) AS "envelopes",
              (SELECT count(*)::int FROM "inngest_events" WHERE "external_id" LIKE 'replay:%') AS "events",
              (SELECT count(DISTINCT "external_id")::int FROM "inngest_events" WHERE "external_id" LIKE 'replay:%') AS "distinct_events",
              (SELECT "sent" FROM "dlq_bulk_replays" WHERE "id" = $1) AS "sent"`,
      [bulkId],
    );
    console.log(`  selection saved in ${selectionMs.toFixed(0)} ms (${total} envelopes); plan: batches of ${plan.batchSize}, pause ${plan.pauseMs} ms, ${plan.batches} batches`);
    console.log(`  replayed in ${(replayMs / 1000).toFixed(1)} s unpaced with 2 racing workers (${Math.round(total / (replayMs / 1000))}/s); paced at 40/s it takes ${Math.round(total / 40)} s`);
    console.log(`  replays ${check?.replays}, distinct envelopes ${check?.envelopes}, Inngest events ${check?.events} (distinct ${check?.distinct_events}), bulk.sent ${check?.sent}`);
    const duplicates = (check?.replays ?? 0) !== (check?.envelopes ?? -1) || (check?.events ?? 0) !== (check?.distinct_events ?? -1) || check?.replays !== total;
    console.log(duplicates ? "  DUPLICATES FOUND" : "  no duplicate replay, no duplicate event");

    console.log(`\nMachine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}, PostgreSQL at ${url.host}`);
    const worst = Math.max(...results.map((r) => r.p95));
    console.log(`Worst list p95: ${worst.toFixed(1)} ms (target ≤ 100 ms): ${worst <= 100 ? "met" : "NOT met"}`);
    if (duplicates) throw new Error("Bulk replay produced duplicates.");
  } finally {
    await closeDb().catch(() => undefined);
    if (process.env.BENCH_KEEP_DATABASE) console.log(`Kept the database ${name}.`);
    else await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

runScript(main);
