// npm run bench:usage — POST /api/usage on the standalone server on PostgreSQL, side by side with a
// bare route (/api/health) under the same load tool: single-increment requests, batches of 100 and
// of 1,000. Prints increments/s, p50/p99 and, per form, how long an acknowledged increment takes to
// show in the customer's running total (GET /api/usage?customer=…).
import os from "node:os";
import autocannon from "autocannon";
import { Client } from "pg";
import { API_KEY_PREFIX, hashApiKey } from "@/lib/api-keys/api-key-hash";
import { runScript } from "../run-script";
import { BENCH_TENANT_SQL, sleep, startBenchServer } from "./bench-server";
import { hostCpuTicks, stolenShareSince } from "./process-stats";
import { median, percent } from "./figures";

const DURATION = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** The server listens here (BENCH_PORT), the Stripe simulator it starts on the next port. */
const PORT = Number(process.env.BENCH_PORT ?? 3110);
const VISIBILITY_SAMPLES = 40;
const BENCH_TENANT = "00000000-0000-0000-0000-0000000000be";
const API_KEY = `${API_KEY_PREFIX}bench-usage-key-0123456789abcdef`;

interface Figures {
  reqPerSec: number;
  incrementsPerSec: number;
  p50: number;
  p99: number;
  failed: number;
  /** Server CPU (all its threads) per increment (per request on the bare route): steadier than throughput on shared cores. */
  cpuMsPerIncrement: number;
  stolen: number;
}


function combine(rounds: Figures[]): Figures {
  return {
    reqPerSec: Math.round(rounds.reduce((sum, r) => sum + r.reqPerSec, 0) / rounds.length),
    incrementsPerSec: Math.round(rounds.reduce((sum, r) => sum + r.incrementsPerSec, 0) / rounds.length),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    failed: rounds.reduce((sum, r) => sum + r.failed, 0),
    cpuMsPerIncrement: median(rounds.map((r) => r.cpuMsPerIncrement)),
    stolen: Math.max(...rounds.map((r) => r.stolen)),
  };
}

let keySequence = 0;

/** A body of `size` increments with fresh keys, written as text: the load tool must not be the bottleneck. */
function usageBody(size: number, customer = "cus_bench"): string {
  const item = () => `{"idempotencyKey":"bench-${process.pid}-${++keySequence}","customer":"${customer}","line":"api_calls","description":"API calls","unitAmount":2,"quantity":1}`;
  if (size === 1) return item();
  return `{"increments":[${Array.from({ length: size }, item).join(",")}]}`;
}

const PREPARE_SQL = `
  ${BENCH_TENANT_SQL}
  INSERT INTO customers (tenant_id, stripe_customer_id, name) VALUES ('${BENCH_TENANT}', 'cus_bench_visible', 'Visibility probe');
  INSERT INTO invoices (tenant_id, customer_id, stripe_invoice_id, status, currency, subtotal, total, amount_due, amount_paid, amount_remaining, period_start, period_end, stripe_created_at)
    SELECT '${BENCH_TENANT}', id, 'in_draft_' || stripe_customer_id, 'draft', 'usd', 0, 0, 0, 0, 0, now(), now() + interval '30 days', now()
    FROM customers WHERE tenant_id = '${BENCH_TENANT}';
  INSERT INTO api_keys (tenant_id, name, key_prefix, key_hash, created_by)
    VALUES ('${BENCH_TENANT}', 'bench', '${API_KEY.slice(0, 11)}', '${hashApiKey(API_KEY)}', 'bench');`;

runScript(async () => {
  const server = await startBenchServer(
    (connection) => connection.exec(PREPARE_SQL),
    {
      // Ingest is measured, not the background jobs; the budgets are measured by the tests.
      LEDGERLINE_BACKGROUND_SERVICES: "off",
      STRIPE_SIMULATOR_PORT: String(PORT + 1),
      RATE_LIMIT_USAGE_REQUESTS_PER_MINUTE: "100000000",
      RATE_LIMIT_USAGE_INCREMENTS_PER_MINUTE: "1000000000",
    },
    PORT,
  );
  const { origin, databaseUrl } = server;
  // Copied for each use: the load tool writes content-length into the headers it is given.
  const headers: Readonly<Record<string, string>> = { "content-type": "application/json", authorization: `Bearer ${API_KEY}` };
  try {
    console.log(`\nLoad: ${CONNECTIONS} connections; per form a ${WARMUP_SECONDS}s warm-up, then ${ROUNDS} rounds of ${DURATION}s; ${os.cpus().length} cores\n`);
    // A generous timeout: on a starved host a slow answer is a figure, not a failure.
    const loadBare = (duration: number) => autocannon({ url: `${origin}/api/health`, connections: CONNECTIONS, duration, timeout: 60 });
    const loadUsage = (size: number) => (duration: number) => {
      // Bodies made before the load, enough for a generous rate; past them, made on the fly.
      const bodies = Array.from({ length: Math.min(200_000, Math.ceil((duration * 12_000) / size)) }, () => usageBody(size));
      let next = 0;
      return autocannon({
        url: `${origin}/api/usage`,
        connections: CONNECTIONS,
        duration,
        timeout: 60,
        requests: [{ method: "POST", setupRequest: (request) => ({ ...request, headers: { ...headers }, body: bodies[next++] ?? usageBody(size) }) }],
      });
    };
    const forms = [
      { name: "bare route (GET /api/health)", size: 0, load: loadBare },
      { name: "single increment per request", size: 1, load: loadUsage(1) },
      { name: "batches of 100", size: 100, load: loadUsage(100) },
      { name: "batches of 1,000", size: 1_000, load: loadUsage(1_000) },
    ];
    const measure = async (form: (typeof forms)[number]): Promise<Figures> => {
      const ticks = hostCpuTicks();
      const cpuBefore = server.cpuMillis() ?? Number.NaN;
      const result = await form.load(DURATION);
      const cpuMs = (server.cpuMillis() ?? Number.NaN) - cpuBefore;
      return {
        reqPerSec: result.requests.average,
        incrementsPerSec: result.requests.average * Math.max(1, form.size),
        p50: result.latency.p50,
        p99: result.latency.p99,
        failed: result.non2xx + result.errors,
        cpuMsPerIncrement: Number((cpuMs / Math.max(1, result.requests.total * Math.max(1, form.size))).toFixed(4)),
        stolen: Number(stolenShareSince(ticks).toFixed(2)),
      };
    };

    for (const form of forms) await form.load(WARMUP_SECONDS);
    // Interleaved rounds: a shared machine's speed drifts over minutes, so each form is measured
    // seconds apart from the others, round after round.
    const rounds = new Map(forms.map((form) => [form.name, [] as Figures[]]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const form of forms) {
        const figures = await measure(form);
        // A request cut off when the round ends counts here too; the stored count below tells whether anything acknowledged went missing.
        if (figures.failed > 0) console.log(`round ${round}, ${form.name}: ${figures.failed} requests unanswered or not 2xx`);
        rounds.get(form.name)!.push(figures);
        console.log(`round ${round}: ${form.name}: ${figures.reqPerSec.toFixed(0)} req/s, ${figures.incrementsPerSec.toFixed(0)} increments/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${figures.cpuMsPerIncrement} ms server CPU/increment, ${percent(figures.stolen)} stolen`);
      }
    }
    const combined = Object.fromEntries(forms.map((form) => [form.name, combine(rounds.get(form.name)!)]));

    // Acknowledged → in the running total: one increment at a time on the idle server, timed from
    // the 2xx until GET /api/usage shows the customer's total grown by it.
    /** fetch, with the cause printed and two more tries when the connection itself fails (a starved host resets some). */
    const fetchWithCause = async (url: string, init?: RequestInit): Promise<Response> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fetch(url, init);
        } catch (error) {
          console.log(`fetch ${url} failed (try ${attempt}): ${String((error as { cause?: unknown }).cause ?? error)}`);
          if (attempt === 3) throw error;
          await sleep(500);
        }
      }
    };
    const toDate = async () => {
      const response = await fetchWithCause(`${origin}/api/usage?customer=cus_bench_visible`, { headers: { ...headers } });
      if (!response.ok) throw new Error(`GET /api/usage answered ${response.status}`);
      return ((await response.json()) as { total: number }).total;
    };
    const visible: number[] = [];
    let expected = await toDate();
    for (let i = 0; i < VISIBILITY_SAMPLES; i++) {
      // A retried POST repeats its idempotency key: never counted twice.
      const body = usageBody(i % 2 === 0 ? 1 : 100, "cus_bench_visible");
      const response = await fetchWithCause(`${origin}/api/usage`, { method: "POST", headers: { ...headers }, body });
      if (!response.ok) throw new Error(`POST /api/usage answered ${response.status}`);
      const acknowledged = performance.now();
      expected += (i % 2 === 0 ? 1 : 100) * 2;
      while ((await toDate()) < expected) {
        if (performance.now() - acknowledged > 30_000) throw new Error("an acknowledged increment did not show in the running total within 30 s");
        await sleep(5);
      }
      visible.push(performance.now() - acknowledged);
    }
    visible.sort((a, b) => a - b);

    // Every acknowledged increment is in the database, once.
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    const stored = Number((await pg.query("SELECT count(*) FROM usage_increments")).rows[0].count);
    const sent = keySequence;
    await pg.end();

    const bare = combined[forms[0]!.name]!;
    const single = combined[forms[1]!.name]!;
    const batched = combined[forms[3]!.name]!;
    const stolen = Math.max(...Object.values(combined).map((f) => f.stolen));
    if (stolen > 0.1) console.log(`\nwarning: other guests on this host took up to ${percent(stolen)} of the CPU during a round; these figures measure the host as much as the server\n`);
    console.table(combined);
    console.log(`batches of 1,000: ${batched.incrementsPerSec} increments/s (target ≥ 10,000)`);
    console.log(`batches of 100: ${combined[forms[2]!.name]!.incrementsPerSec} increments/s`);
    console.log(`single/bare throughput: ${(single.reqPerSec / bare.reqPerSec).toFixed(2)}× (target ≥ 0.5×); p99 ${(single.p99 / Math.max(1, bare.p99)).toFixed(2)}× bare (target ≤ 3×)`);
    console.log(`2xx → in the running total: median ${median(visible).toFixed(1)} ms, max ${visible.at(-1)!.toFixed(1)} ms over ${VISIBILITY_SAMPLES} requests (target ≤ 1000 ms)`);
    console.log(`stored increments: ${stored} (${sent} made; bodies made but never sent, or cut off when a round ended, account for the difference)`);
    const load = os.loadavg()[0]!;
    if (load > os.cpus().length * 1.5) console.log(`note: the host's load average was ${load.toFixed(1)} on ${os.cpus().length} cores when the run ended: other work shared these cores`);
  } finally {
    await server.stop();
  }
});
