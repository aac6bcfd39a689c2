// The app under `npm run bench:drain`, in a process of its own (the load tool runs in the parent,
// as it would on another machine): the app's webhook route, serve endpoint and a bare route over
// real HTTP, the real local driver, and the database, PostgreSQL (DATABASE_URL) or in-memory
// PGlite. The parent drives it with messages over IPC; each answers with figures or a result.
import { performance } from "node:perf_hooks";
import pg from "pg";
import type { LocalDriver } from "@ledgerline/inngest-local-driver";
import * as healthRoute from "@/app/api/health/route";
import * as inngestRoute from "@/app/api/inngest/route";
import * as webhookRoute from "@/app/api/webhooks/stripe/route";
import { installConnection, sql } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { applyInvoiceEventsInBatch, applyStoredInvoiceEventsInBatch, type BatchEventOutcome } from "@/inngest/stripe-processes/apply-invoice-events-in-batch";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { attachEventApi, startLocalInngestDriver } from "@/lib/runtime/local-driver";
import { localDriverLink } from "@/lib/runtime/local-driver-link";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { storeInboxEvent } from "@/lib/webhooks/inbox";
import { stripeEventSchema, stripeInvoiceSchema } from "@/lib/stripe/schemas";
import { startRouteHost, type RouteModule } from "../../tests/support/route-host";
import { ANY_PENDING_SQL, BENCH_TENANTS, benchCustomer } from "./bench-server";
import { startCpuProfile, type SelfTime } from "./cpu-profile";
import { mainThreadTimes, processCpuMillis } from "./process-stats";

const port = Number(process.env.BENCH_PORT);
let serveCalls = 0;
let driver: LocalDriver | undefined;
let stopProfiler: ((limit: number) => Promise<SelfTime[]>) | undefined;

/** Counts the statements of the shared SQL session (the driver's store, the inbox) beside the pool's. */
let sessionCounted = false;
function countSessionStatements() {
  if (sessionCounted) return;
  sessionCounted = true;
  const session = sql() as unknown as Record<"query" | "exec", (...args: unknown[]) => Promise<unknown>>;
  for (const method of ["query", "exec"] as const) {
    const original = session[method]!.bind(session);
    session[method] = (...args: unknown[]) => {
      if (countingStatements) {
        const key = `[session] ${String(args[0]).replace(/\s+/g, " ").trim().slice(0, 60)}`;
        const entry = statements.get(key) ?? { count: 0, ms: 0 };
        entry.count++;
        statements.set(key, entry);
      }
      return original(...args);
    };
  }
}


/** Statements sent to PostgreSQL, by their first words: where an apply's round trips go. */
const statements = new Map<string, { count: number; ms: number }>();
let countingStatements = false;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  if (!countingStatements) return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  const text = typeof args[0] === "string" ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? "?");
  const key = text.replace(/\s+/g, " ").trim().slice(0, 70);
  const started = performance.now();
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  const done = () => {
    const entry = statements.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - started;
    statements.set(key, entry);
  };
  if (result instanceof Promise) result.then(done, done);
  return result;
} as typeof pg.Client.prototype.query;

/**
 * Runs `work(0 … units-1)` with `concurrency` workers and answers the rate and the app's CPU per
 * apply, `applies` being how many invoices the units hold between them.
 */
async function timedApplies(applies: number, units: number, concurrency: number, work: (unit: number) => Promise<void>) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadTimes(process.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let unit = next++; unit < units; unit = next++) await work(unit);
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  const mainAfter = mainThreadTimes(process.pid);
  return {
    perSecond: applies / (wallMs / 1000),
    appCpuMsPerApply: (cpu.user + cpu.system) / 1000 / applies,
    applies,
    mainThreadBusy: (mainAfter.cpuMs - mainBefore.cpuMs) / wallMs,
    mainThreadWaiting: (mainAfter.waitingMs - mainBefore.waitingMs) / wallMs,
  };
}

function invoiceOf(eventId: string, invoiceId: string, customer: string, created: number) {
  const invoice = stripeInvoiceSchema.parse({
    object: "invoice",
    id: invoiceId,
    customer,
    number: null,
    status: "open",
    currency: "usd",
    subtotal: 4900,
    total: 4900,
    amount_due: 4900,
    amount_paid: 0,
    amount_remaining: 4900,
    period_start: created - 86_400,
    period_end: created,
    created,
    lines: { data: [{ id: `il_${invoiceId}`, description: "Plan", quantity: 1, amount: 4900, currency: "usd" }] },
  });
  return { invoice, change: { sourceId: eventId, eventType: "invoice.updated", created: fromUnixSeconds(created) } };
}

/** A parsed `invoice.updated` Stripe event for a new invoice, as the batch lane applies it. */
function invoiceUpdatedEvent(eventId: string, invoiceId: string, customer: string, created: number) {
  const { invoice } = invoiceOf(eventId, invoiceId, customer, created);
  return stripeEventSchema.parse({ id: eventId, object: "event", type: "invoice.updated", api_version: "2025-01-01", created, livemode: false, data: { object: invoice } });
}

/** Throws unless every event of batch `b` was applied (no hand-back, no duplicate). */
function requireAllApplied(label: string, b: number, outcomes: BatchEventOutcome[], expected: number): void {
  const notApplied = outcomes.find((outcome) => !("settled" in outcome) || outcome.settled !== "applied");
  if (notApplied || outcomes.length !== expected) throw new Error(`${label} ${b}: ${JSON.stringify(notApplied ?? { outcomes: outcomes.length, expected })}`);
}

/** Throws unless every one of these inbox events is processed: the settlement did its work. */
async function requireSettled(label: string, eventIds: string[]): Promise<void> {
  const [row] = await sql().query<{ settled: number }>(
    "SELECT count(*)::int AS settled FROM webhook_inbox WHERE event_id = ANY($1::text[]) AND status = 'processed'",
    [eventIds],
  );
  if (row?.settled !== eventIds.length) throw new Error(`${label}: ${row?.settled ?? 0} of ${eventIds.length} inbox events settled`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

const commands: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  async prepare() {
    const connection = openConnection({ databaseUrl: process.env.DATABASE_URL || undefined, pgliteDir: "memory://", poolSize: 20 });
    await migrate(connection);
    installConnection(connection);
    // As in the server: events are stored while no driver runs, and a driver started later takes them.
    await attachEventApi();
    for (let tenant = 0; tenant < BENCH_TENANTS; tenant++) {
      const id = `00000000-0000-0000-0000-0000000000b${tenant}`;
      await connection.exec(`
        INSERT INTO tenants (id, slug, name) VALUES ('${id}', 'bench-${tenant}', 'Bench ${tenant}');
        INSERT INTO customers (tenant_id, stripe_customer_id, name) VALUES ('${id}', '${benchCustomer(tenant)}', 'Bench ${tenant}');`);
    }
    const routes: Record<string, RouteModule> = {
      "/api/health": healthRoute,
      "/api/webhooks/stripe": webhookRoute,
      "/api/inngest": {
        GET: inngestRoute.GET,
        PUT: inngestRoute.PUT,
        POST: (request, context) => {
          serveCalls++;
          return inngestRoute.POST(request, context);
        },
      },
    };
    await startRouteHost(routes, { port });
    // The serve route's module put its handler on the link: the driver's calls come that way, as
    // in the app. Counted there; BENCH_SERVE_OVER_HTTP=1 takes it off, for calls over HTTP.
    const link = localDriverLink();
    const serveInProcess = link.serveInProcess;
    link.serveInProcess =
      process.env.BENCH_SERVE_OVER_HTTP === "1" || !serveInProcess
        ? undefined
        : (request) => {
            serveCalls++;
            return serveInProcess(request);
          };
    return { kind: connection.kind };
  },

  /** `count` applies of new invoices at `concurrency`, spread over the tenants: the apply alone, no driver. */
  async rawApply(args) {
    const count = Number(args.count);
    const prefix = String(args.prefix);
    const created = Math.floor(Date.now() / 1000);
    return timedApplies(count, count, Number(args.concurrency), async (i) => {
      const { invoice, change } = invoiceOf(`evt_${prefix}_${i}`, `in_${prefix}_${i}`, benchCustomer(i % BENCH_TENANTS), created);
      const result = await applyStripeInvoice(invoice, change);
      if (result.outcome !== "applied") throw new Error(`raw apply ${i}: ${result.outcome}`);
    });
  },

  /**
   * The batch lane's apply alone: `count` new invoices' events in batches of `batchSize` (one
   * transaction each, the inbox settled), `concurrency` batches at once, no driver. The events
   * are handed over in memory, but accepted first (stored in the inbox, untimed), as every event
   * the lane applies is: otherwise the settlement's UPDATE would find no row and cost nothing.
   */
  async rawBatchApply(args) {
    const count = Number(args.count);
    const batchSize = Number(args.batchSize);
    const prefix = String(args.prefix);
    const created = Math.floor(Date.now() / 1000);
    const batches = Array.from({ length: Math.ceil(count / batchSize) }, (_, b) =>
      Array.from({ length: Math.min(batchSize, count - b * batchSize) }, (_, j) => {
        const i = b * batchSize + j;
        return invoiceUpdatedEvent(`evt_${prefix}_${i}`, `in_${prefix}_${i}`, benchCustomer(i % BENCH_TENANTS), created);
      }),
    );
    const accepted = batches.flat();
    await Promise.all(accepted.map((event) => storeInboxEvent(event)));
    const timed = await timedApplies(count, batches.length, Number(args.concurrency), async (b) =>
      requireAllApplied("raw batch apply", b, await applyInvoiceEventsInBatch(batches[b]!), batches[b]!.length),
    );
    await requireSettled("raw batch apply", accepted.map((event) => event.id));
    return timed;
  },

  /**
   * The batch lane's step alone, as a run calls it: `count` accepted events (stored in the inbox
   * first, untimed) read from the inbox, applied and settled in batches of `batchSize`,
   * `concurrency` batches at once, no driver.
   */
  async rawStoredBatchApply(args) {
    const count = Number(args.count);
    const batchSize = Number(args.batchSize);
    const prefix = String(args.prefix);
    const created = Math.floor(Date.now() / 1000);
    const ids = Array.from({ length: count }, (_, i) => `evt_${prefix}_${i}`);
    await Promise.all(ids.map((id, i) => storeInboxEvent(invoiceUpdatedEvent(id, `in_${prefix}_${i}`, benchCustomer(i % BENCH_TENANTS), created))));
    const batches = Array.from({ length: Math.ceil(count / batchSize) }, (_, b) => ids.slice(b * batchSize, (b + 1) * batchSize));
    const timed = await timedApplies(count, batches.length, Number(args.concurrency), async (b) =>
      requireAllApplied("raw stored batch apply", b, (await applyStoredInvoiceEventsInBatch(batches[b]!)).outcomes, batches[b]!.length),
    );
    await requireSettled("raw stored batch apply", ids);
    return timed;
  },

  /** Serial applies with every PostgreSQL statement counted and timed. */
  async profileApply(args) {
    const count = Number(args.count);
    const prefix = String(args.prefix);
    const created = Math.floor(Date.now() / 1000);
    statements.clear();
    countingStatements = true;
    const started = performance.now();
    try {
      for (let i = 0; i < count; i++) {
        const { invoice, change } = invoiceOf(`evt_${prefix}_${i}`, `in_${prefix}_${i}`, benchCustomer(i % BENCH_TENANTS), created);
        await applyStripeInvoice(invoice, change);
      }
    } finally {
      countingStatements = false;
    }
    const wallMs = (performance.now() - started) / count;
    const rows = [...statements.entries()].map(([statement, { count: n, ms }]) => ({ statement, perApply: n / count, msPerApply: ms / count }));
    rows.sort((a, b) => b.msPerApply - a.msPerApply);
    return { wallMs, statementsPerApply: rows.reduce((sum, row) => sum + row.perApply, 0), dbMsPerApply: rows.reduce((sum, row) => sum + row.msPerApply, 0), rows };
  },

  async startDriver(args) {
    driver = await startLocalInngestDriver({
      serveUrl: `http://127.0.0.1:${port}/api/inngest`,
      ...(args.concurrency ? { concurrency: Number(args.concurrency) } : {}),
      checkpointing: args.checkpointing !== false,
      onError: (error, context) => console.error(`[driver] ${context}:`, error),
    });
    await driver.ready(60_000);
    return {};
  },

  /** Starts V8's sampling profiler: where the app's CPU goes while the driver drains. */
  async startProfile(args) {
    stopProfiler = await startCpuProfile(args.suffix ? String(args.suffix) : "");
    statements.clear();
    countingStatements = true;
    countSessionStatements();
    return {};
  },

  /** Stops the profiler and answers the functions with the most self time. */
  async stopProfile(args) {
    if (!stopProfiler) return { rows: [], statements: [] };
    const rows = await stopProfiler(Number(args.limit ?? 25));
    stopProfiler = undefined;
    countingStatements = false;
    const sent = [...statements.entries()].map(([statement, { count, ms }]) => ({ statement, count, ms })).sort((a, b) => b.count - a.count);
    return { rows, statements: sent };
  },

  async stopDriver() {
    await driver?.stop();
    driver = undefined;
    return {};
  },

  /** Whether any accepted event is not applied yet (on PGlite; on PostgreSQL the load side asks the database itself). */
  async anyPending() {
    const rows = await sql().query<{ any: boolean }>(ANY_PENDING_SQL);
    return { any: rows[0]!.any };
  },

  async pending() {
    const rows = await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_inbox WHERE status IN ('received', 'dispatched')`);
    return { pending: rows[0]!.n };
  },

  async invoiceStatus(args) {
    const rows = await sql().query<{ status: string }>(`SELECT status::text FROM invoices WHERE stripe_invoice_id = $1`, [String(args.invoiceId)]);
    return { status: rows[0]?.status ?? null };
  },

  /** Accepted → applied (inbox received → processed) of the events received since `since`. */
  async inboxLatency(args) {
    const rows = await sql().query<{ ms: number }>(
      `SELECT extract(epoch FROM processed_at - received_at) * 1000 AS ms FROM webhook_inbox
       WHERE received_at >= $1 AND processed_at IS NOT NULL ORDER BY 1`,
      [new Date(Number(args.since))],
    );
    const sorted = rows.map((row) => Number(row.ms));
    return { count: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN };
  },

  /** The driver's store: steps recorded per completed run, and runs not completed. */
  async runStats() {
    const rows = await sql().query<{ runs: number; steps: number; unfinished: number }>(
      `SELECT (SELECT count(*) FROM inngest_runs WHERE status = 'completed')::int AS runs,
              (SELECT count(*) FROM inngest_run_steps)::int AS steps,
              (SELECT count(*) FROM inngest_runs WHERE status <> 'completed')::int AS unfinished`,
    );
    const byFunction = await sql().query<{ function_id: string; status: string; n: number }>(
      `SELECT function_id, status, count(*)::int AS n FROM inngest_runs GROUP BY 1, 2 ORDER BY 3 DESC`,
    );
    return { ...rows[0], byFunction };
  },

  /**
   * Where a drain's time went, for the batch-lane events received since `since`: when they were
   * fanned out and their runs created, started and ended (ms after `driverStartedAt`), and how
   * long a run waited for a slot and ran.
   */
  async timeline(args) {
    const rows = await sql().query<Record<string, number | null>>(
      // A fan-out creates its events' runs in the statement that claims them: the first run
      // created is the first fan-out.
      `WITH runs AS (SELECT * FROM inngest_runs WHERE created_at >= $1 AND batch_event_ids IS NOT NULL),
            at AS (SELECT $2::timestamptz AS t0)
       SELECT (SELECT extract(epoch FROM min(created_at) - t0) * 1000 FROM inngest_runs WHERE created_at >= $1) AS "firstFanOutMs",
              (SELECT extract(epoch FROM min(created_at) - t0) * 1000 FROM runs) AS "firstRunCreatedMs",
              (SELECT extract(epoch FROM max(created_at) - t0) * 1000 FROM runs) AS "lastRunCreatedMs",
              (SELECT extract(epoch FROM min(started_at) - t0) * 1000 FROM runs) AS "firstRunStartedMs",
              (SELECT extract(epoch FROM max(ended_at) - t0) * 1000 FROM runs) AS "lastRunEndedMs",
              (SELECT avg(extract(epoch FROM started_at - created_at) * 1000) FROM runs) AS "queuedMs",
              (SELECT avg(extract(epoch FROM ended_at - started_at) * 1000) FROM runs) AS "runMs",
              (SELECT avg(jsonb_array_length(batch_event_ids)) FROM runs) AS "batchSize",
              (SELECT count(*) FROM runs)::int AS runs
       FROM at`,
      [new Date(Number(args.since)), new Date(Number(args.driverStartedAt))],
    );
    return Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, value === null ? null : Number(value)]));
  },

  /** PostgreSQL's count of this database's transactions (0 on PGlite, which keeps no such count). */
  async transactions() {
    if (!process.env.DATABASE_URL) return { transactions: 0 };
    // The statistics collector publishes a backend's counts when it goes idle: let it catch up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const rows = await sql().query<{ n: string }>(`SELECT pg_stat_force_next_flush(), (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = current_database()`);
    return { transactions: Number(rows[0]?.n ?? 0) };
  },

  async stats() {
    const { user, system } = process.cpuUsage();
    const loop = performance.eventLoopUtilization();
    return {
      serveCalls,
      rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      cpuMs: processCpuMillis(process.pid) ?? Number.NaN,
      mainThread: mainThreadTimes(process.pid),
      loopActiveMs: loop.active,
      loopIdleMs: loop.idle,
      systemCpuMs: system / 1000,
      userCpuMs: user / 1000,
    };
  },
};

process.on("message", (message: { id: number; name: string; args?: Record<string, unknown> }) => {
  const command = commands[message.name];
  if (!command) return process.send!({ id: message.id, error: `unknown command ${message.name}` });
  command(message.args ?? {}).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.send!({ ready: true });
