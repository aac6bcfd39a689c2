// npm run bench:webhooks — signed-webhook throughput and latency against the standalone server on
// PostgreSQL, beside a bare route (/api/health) on the same server with the same load tool, plus
// how long an accepted webhook takes to change the invoice through the local driver.
import os from "node:os";
import autocannon from "autocannon";
import { Client } from "pg";
import { runScript } from "../run-script";
import { BENCH_TENANT_SQL, nextSequence, signedInvoiceEvent, sleep, startBenchServer } from "./bench-server";

const DURATION = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const LATENCY_SAMPLES = 40;
/** BENCH_INGEST_ONLY=1: no driver in the server, so ingestion is measured without processing beside it. */
const INGEST_ONLY = process.env.BENCH_INGEST_ONLY === "1";

interface Figures {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server CPU (all its threads) per request answered: steadier than req/s when cores are shared. */
  cpuMsPerRequest: number;
}

function figures(result: autocannon.Result, cpuMs: number): Figures {
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest: Number((cpuMs / Math.max(1, result.requests.total)).toFixed(3)),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Rounds combined: mean throughput, median percentiles (one noisy round cannot decide the result). */
function combine(rounds: Figures[]): Figures {
  return {
    reqPerSec: Math.round(rounds.reduce((sum, round) => sum + round.reqPerSec, 0) / rounds.length),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    cpuMsPerRequest: median(rounds.map((round) => round.cpuMsPerRequest)),
  };
}

runScript(async () => {
  const server = await startBenchServer((connection) => connection.exec(BENCH_TENANT_SQL), INGEST_ONLY ? { LEDGERLINE_BACKGROUND_SERVICES: "off" } : {});
  const { origin, databaseUrl } = server;
  try {
    console.log(`\nLoad: ${CONNECTIONS} connections; per route a ${WARMUP_SECONDS}s warm-up, then ${ROUNDS} rounds of ${DURATION}s; ${os.cpus().length} cores\n`);
    // Signed up front, so the load tool spends no more per request here than on the bare route.
    const now = Math.floor(Date.now() / 1000);
    const signed = Array.from({ length: (DURATION * ROUNDS + WARMUP_SECONDS) * 2_000 }, () =>
      signedInvoiceEvent("invoice.updated", `in_load_${nextSequence() % 500}`, "open", now + nextSequence()),
    );
    let next = 0;
    const loadBare = (duration: number) => autocannon({ url: `${origin}/api/health`, connections: CONNECTIONS, duration });
    const loadWebhook = (duration: number) =>
      autocannon({
        url: `${origin}/api/webhooks/stripe`,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({ ...request, ...(signed[next++] ?? signedInvoiceEvent("invoice.updated", `in_load_${nextSequence() % 500}`, "open", now + nextSequence())) }),
          },
        ],
      });

    /** One measured round: the load's figures and the server CPU it took. */
    const measure = async (load: () => Promise<autocannon.Result>): Promise<Figures> => {
      const cpuBefore = server.cpuMillis() ?? Number.NaN;
      const result = await load();
      return figures(result, (server.cpuMillis() ?? Number.NaN) - cpuBefore);
    };

    // The bare route first, on an idle server; then the webhook, with the driver applying what it
    // accepts (unless BENCH_INGEST_ONLY). Each starts with a warm-up that does not count.
    await loadBare(WARMUP_SECONDS);
    const bareRounds: Figures[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      bareRounds.push(await measure(() => loadBare(DURATION)));
      console.log(`bare round ${round}: ${bareRounds.at(-1)!.reqPerSec.toFixed(0)} req/s, p99 ${bareRounds.at(-1)!.p99} ms, ${bareRounds.at(-1)!.cpuMsPerRequest} ms CPU/request`);
    }
    await loadWebhook(WARMUP_SECONDS);
    const webhookRounds: Figures[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      webhookRounds.push(await measure(() => loadWebhook(DURATION)));
      console.log(`webhook round ${round}: ${webhookRounds.at(-1)!.reqPerSec.toFixed(0)} req/s, p99 ${webhookRounds.at(-1)!.p99} ms, ${webhookRounds.at(-1)!.cpuMsPerRequest} ms CPU/request`);
    }
    const b = combine(bareRounds);
    const w = combine(webhookRounds);

    if (INGEST_ONLY) {
      console.table({ "bare route (GET /api/health)": b, "signed webhook, no processing beside it": w });
      console.log(`webhook/bare throughput: ${(w.reqPerSec / b.reqPerSec).toFixed(2)}×; p99 ratio ${(w.p99 / Math.max(1, b.p99)).toFixed(2)}×; CPU per request ${(w.cpuMsPerRequest / b.cpuMsPerRequest).toFixed(2)}×`);
      return;
    }

    // Accepted → applied: one webhook at a time, timed until the invoice row shows its effect.
    const pg = new Client({ connectionString: databaseUrl });
    pg.on("error", () => undefined);
    await pg.connect();
    // Let the local driver drain the load phase's backlog first, and report how fast it did.
    const drainStarted = performance.now();
    const backlog = Number((await pg.query("SELECT count(*) FROM webhook_inbox WHERE status IN ('received','dispatched')")).rows[0].count);
    for (;;) {
      const pending = Number((await pg.query("SELECT count(*) FROM webhook_inbox WHERE status IN ('received','dispatched')")).rows[0].count);
      if (pending === 0) break;
      if (performance.now() - drainStarted > 900_000) throw new Error(`${pending} events still pending after 15 minutes`);
      await sleep(500);
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const invoiceId = `in_latency_${i}`;
      const { body, headers } = signedInvoiceEvent("invoice.paid", invoiceId, "paid", Math.floor(Date.now() / 1000));
      const started = performance.now();
      const response = await fetch(`${origin}/api/webhooks/stripe`, { method: "POST", body, headers });
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
      for (;;) {
        const rows = await pg.query("SELECT 1 FROM invoices WHERE stripe_invoice_id = $1 AND status = 'paid'", [invoiceId]);
        if (rows.rowCount) break;
        if (performance.now() - started > 30_000) throw new Error(`${invoiceId} was not applied within 30 s`);
        await sleep(5);
      }
      latencies.push(performance.now() - started);
    }
    await pg.end();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;

    console.table({ "bare route (GET /api/health)": b, "signed webhook (POST /api/webhooks/stripe)": w });
    console.log(`webhook/bare throughput: ${(w.reqPerSec / b.reqPerSec).toFixed(2)}× (target ≥ 0.5×)`);
    console.log(`server CPU per request: ${w.cpuMsPerRequest} ms webhook (processing beside it included) vs ${b.cpuMsPerRequest} ms bare (${(w.cpuMsPerRequest / b.cpuMsPerRequest).toFixed(2)}×)`);
    console.log(`webhook p99 / bare p99: ${(w.p99 / Math.max(1, b.p99)).toFixed(2)}× (target ≤ 3×)`);
    console.log(`processing: a backlog of ${backlog} accepted events drained in ${drainSeconds.toFixed(1)} s after the load (${(backlog / Math.max(drainSeconds, 0.001)).toFixed(0)} events/s applied)`);
    console.log(`accepted → applied: median ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms over ${LATENCY_SAMPLES} webhooks (target median ≤ 1000 ms)`);
  } finally {
    await server.stop();
  }
});
