// npm run bench:webhooks — signed-webhook throughput and latency against the standalone server on
// PostgreSQL, beside a bare route (/api/health) on the same server with the same load tool, plus
// how long an accepted webhook takes to change the invoice through the local driver.
import os from "node:os";
import autocannon from "autocannon";
import { Client } from "pg";
import { runScript } from "../run-script";
import { BENCH_TENANT_SQL, nextSequence, signedInvoiceEvent, sleep, startBenchServer } from "./bench-server";
import { hostCpuTicks, stolenShareSince } from "./process-stats";
import { median, percent } from "./figures";

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
  /** Share of the machine's CPU time the hypervisor gave to other guests during the round. */
  stolen: number;
}

function figures(result: autocannon.Result, cpuMs: number, stolen: number): Figures {
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpuMsPerRequest: Number((cpuMs / Math.max(1, result.requests.total)).toFixed(3)),
    stolen: Number(stolen.toFixed(2)),
  };
}


/** Rounds combined: mean throughput, median percentiles (one noisy round cannot decide the result). */
function combine(rounds: Figures[]): Figures {
  return {
    reqPerSec: Math.round(rounds.reduce((sum, round) => sum + round.reqPerSec, 0) / rounds.length),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    cpuMsPerRequest: median(rounds.map((round) => round.cpuMsPerRequest)),
    stolen: Math.max(...rounds.map((round) => round.stolen)),
  };
}

runScript(async () => {
  const server = await startBenchServer((connection) => connection.exec(BENCH_TENANT_SQL), INGEST_ONLY ? { LEDGERLINE_BACKGROUND_SERVICES: "off" } : {});
  const { origin, databaseUrl } = server;
  try {
    console.log(`\nLoad: ${CONNECTIONS} connections; per route a ${WARMUP_SECONDS}s warm-up, then ${ROUNDS} rounds of ${DURATION}s; ${os.cpus().length} cores\n`);
    // Signed before each load, so the load tool spends no more per request here than on the bare
    // route; never long before, so no signature is older than Stripe's five-minute tolerance.
    const now = () => Math.floor(Date.now() / 1000);
    let signed: { body: string; headers: Record<string, string> }[] = [];
    let next = 0;
    /** A newer update of one of 500 invoices, so every delivery changes something. */
    const loadEvent = () => signedInvoiceEvent("invoice.updated", `in_load_${nextSequence() % 500}`, "open", now() + nextSequence());
    const signFor = (seconds: number) => {
      signed = Array.from({ length: seconds * 2_000 }, loadEvent);
      next = 0;
    };
    const loadBare = (duration: number) => autocannon({ url: `${origin}/api/health`, connections: CONNECTIONS, duration });
    const loadWebhook = (duration: number) => {
      signFor(duration);
      return autocannon({
        url: `${origin}/api/webhooks/stripe`,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({ ...request, ...(signed[next++] ?? loadEvent()) }),
          },
        ],
      });
    };

    /** One measured round: the load's figures and the server CPU it took. */
    const measure = async (load: () => Promise<autocannon.Result>): Promise<Figures> => {
      const cpuBefore = server.cpuMillis() ?? Number.NaN;
      const ticksBefore = hostCpuTicks();
      const result = await load();
      return figures(result, (server.cpuMillis() ?? Number.NaN) - cpuBefore, stolenShareSince(ticksBefore));
    };

    const pg = new Client({ connectionString: databaseUrl });
    pg.on("error", () => undefined);
    await pg.connect();
    const pendingEvents = async () =>
      Number((await pg.query("SELECT count(*) FROM webhook_inbox WHERE status IN ('received','dispatched')")).rows[0].count);
    let drained = 0;
    let drainSeconds = 0;
    /** Waits until the local driver has applied every accepted event, so the next bare round runs on an idle server. */
    const drain = async () => {
      if (INGEST_ONLY) return;
      const started = performance.now();
      const backlog = await pendingEvents();
      for (let pending = backlog; pending > 0; pending = await pendingEvents()) {
        if (performance.now() - started > 900_000) throw new Error(`${pending} events still pending after 15 minutes`);
        await sleep(250);
      }
      drained += backlog;
      drainSeconds += (performance.now() - started) / 1000;
    };

    // Paired rounds: the bare route on an idle server, then right after it the webhook, with the
    // driver applying what it accepts (unless BENCH_INGEST_ONLY), then the backlog drained. A
    // shared machine's speed drifts over minutes; pairs taken seconds apart see the same machine.
    await loadBare(WARMUP_SECONDS);
    await loadWebhook(WARMUP_SECONDS);
    await drain();
    const bareRounds: Figures[] = [];
    const webhookRounds: Figures[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const bare = await measure(() => loadBare(DURATION));
      const webhook = await measure(() => loadWebhook(DURATION));
      // An answer other than 2xx means the round did not measure accepted webhooks: stop rather than report it.
      if (webhook.non2xx + webhook.errors + bare.non2xx + bare.errors > 0) throw new Error(`round ${round} had failed requests: ${JSON.stringify({ bare, webhook })}`);
      bareRounds.push(bare);
      webhookRounds.push(webhook);
      console.log(
        `round ${round}: bare ${bare.reqPerSec.toFixed(0)} req/s, p99 ${bare.p99} ms, ${bare.cpuMsPerRequest} ms CPU/request, ${percent(bare.stolen)} stolen; ` +
          `webhook ${webhook.reqPerSec.toFixed(0)} req/s, p99 ${webhook.p99} ms, ${webhook.cpuMsPerRequest} ms CPU/request, ${percent(webhook.stolen)} stolen ` +
          `(${(webhook.reqPerSec / bare.reqPerSec).toFixed(2)}×, p99 ${(webhook.p99 / Math.max(1, bare.p99)).toFixed(2)}×)`,
      );
      await drain();
    }
    const b = combine(bareRounds);
    const w = combine(webhookRounds);
    const stolen = Math.max(b.stolen, w.stolen);
    if (stolen > 0.1) console.log(`\nwarning: other guests on this host took up to ${percent(stolen)} of the CPU during a round; these figures measure the host as much as the server\n`);

    if (INGEST_ONLY) {
      await pg.end();
      console.table({ "bare route (GET /api/health)": b, "signed webhook, no processing beside it": w });
      console.log(`webhook/bare throughput: ${(w.reqPerSec / b.reqPerSec).toFixed(2)}×; p99 ratio ${(w.p99 / Math.max(1, b.p99)).toFixed(2)}×; CPU per request ${(w.cpuMsPerRequest / b.cpuMsPerRequest).toFixed(2)}×`);
      return;
    }

    // Accepted → applied: one webhook at a time, on the drained server, timed until the invoice row shows its effect.
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
    console.log(`processing: ${drained} accepted events left after the loads drained in ${drainSeconds.toFixed(1)} s (${(drained / Math.max(drainSeconds, 0.001)).toFixed(0)} events/s applied)`);
    console.log(`accepted → applied: median ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms over ${LATENCY_SAMPLES} webhooks (target median ≤ 1000 ms)`);
  } finally {
    await server.stop();
  }
});
