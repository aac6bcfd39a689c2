// npm run bench:driver — what one run costs the local driver and the SDK, with nothing else in it:
// a function of two steps that touch no database, run through the real driver (checkpointing on,
// production timings) and the SDK's serve handler over HTTP. Its rate is the ceiling of any drain
// that runs one event per run; its CPU per run is what each event costs before the app's own work.
//
// PostgreSQL by default (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres, in a
// throwaway database); BENCH_DB=pglite for in-memory PGlite. BENCH_RUNS per concurrency level
// (default 1,000); BENCH_PROFILE=1 prints where the main thread went at the default concurrency
// and in the batch lane's shape (BENCH_PROFILE_FILE=path keeps both profiles, the batch one as
// path.batch). Then the batch lane's shape: ten times as many events, 100 per run of a one-step
// function; BENCH_BATCH_ONLY=1 measures that shape alone. The driver hands its calls to the serve
// handler in-process, as in the app; BENCH_SERVE_OVER_HTTP=1 sends them over loopback HTTP.
import { performance } from "node:perf_hooks";
import { runScript } from "../run-script";
import { startHarness, type Harness } from "../../packages/inngest-local-driver/tests/harness";
import { printSelfTime, startCpuProfile } from "./cpu-profile";
import { fixed } from "./figures";

if (process.env.BENCH_DB === "pglite") delete process.env.DATABASE_URL;
else process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

const RUNS = Number(process.env.BENCH_RUNS ?? 1_000);
const CONCURRENCY = [8, 16];
const PROFILE = process.env.BENCH_PROFILE === "1";
const BATCH_ONLY = process.env.BENCH_BATCH_ONLY === "1";
const HARNESS = { serveInProcess: process.env.BENCH_SERVE_OVER_HTTP !== "1" };

/** The driver's production timings, not the tests' fast ones. */
const PRODUCTION_TIMINGS = { pollIntervalMs: 500, leaseMs: 60_000, onError: (error: unknown, context: string) => console.error(`[driver] ${context}:`, error) };

async function startNoOpApp(concurrency: number): Promise<Harness> {
  return startHarness(
    (inngest) => [
      inngest.createFunction({ id: "no-op", triggers: [{ event: "bench/no-op" }] }, async ({ event, step }) => {
        const first = await step.run("first", async () => ({ n: (event.data as { n: number }).n }));
        await step.run("second", async () => first.n);
        return first;
      }),
    ],
    { concurrency, ...PRODUCTION_TIMINGS },
    HARNESS,
  );
}

/** Sends `count` events named `name` in hundreds and waits until the driver has run them all: the rate and the CPU per event. */
async function timedSends(h: Harness, name: string, count: number) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i += 100) {
    await h.inngest.send(Array.from({ length: Math.min(100, count - i) }, (_, j) => ({ name, data: { n: i + j } })));
  }
  await h.driver.waitForIdle(600_000);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { perSecond: count / seconds, cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / count };
}

async function measure(concurrency: number, profile: boolean) {
  const h = await startNoOpApp(concurrency);
  try {
    // One run first: the SDK and the connections warm up outside the timing.
    await h.inngest.send({ name: "bench/no-op", data: { n: -1 } });
    await h.driver.waitForIdle(30_000);
    const callsBefore = h.serveCalls();
    const stopProfile = profile ? await startCpuProfile() : undefined;
    const { perSecond, cpuMsPerEvent } = await timedSends(h, "bench/no-op", RUNS);
    const rows = stopProfile ? await stopProfile(25) : [];
    return { perSecond, cpuMsPerRun: cpuMsPerEvent, callsPerRun: (h.serveCalls() - callsBefore) / RUNS, rows };
  } finally {
    await h.close();
  }
}

/**
 * The batch lane's shape without its apply: events sent in hundreds, a function batching 100 of
 * them per run whose one step answers an outcome per event. Its rate is the ceiling of a drain
 * through the batch lane; its CPU per event is the driver's and the SDK's share of each event.
 */
async function measureBatches(events: number, profile: boolean) {
  const h = await startHarness(
    (inngest) => [
      inngest.createFunction({ id: "no-op-batch", batchEvents: { maxSize: 100, timeout: "1s" }, triggers: [{ event: "bench/no-op-batch" }] }, async ({ events: batch, step }) => {
        const outcomes = await step.run("apply-batch", async () => batch.map((event: { data: Record<string, unknown> }) => ({ id: `evt_${event.data.n as number}`, type: "invoice.updated", settled: "applied" })));
        return { applied: outcomes.length };
      }),
    ],
    PRODUCTION_TIMINGS,
    HARNESS,
  );
  try {
    // One batch first, outside the timing, as above.
    await h.inngest.send(Array.from({ length: 100 }, (_, n) => ({ name: "bench/no-op-batch", data: { n: -1 - n } })));
    await h.driver.waitForIdle(30_000);
    const stopProfile = profile ? await startCpuProfile(".batch") : undefined;
    const result = await timedSends(h, "bench/no-op-batch", events);
    return { ...result, rows: stopProfile ? await stopProfile(25) : [] };
  } finally {
    await h.close();
  }
}

runScript(async () => {
  console.log(`\nbench:driver on ${process.env.DATABASE_URL ? "postgres" : "pglite"}, calls ${HARNESS.serveInProcess ? "in-process" : "over HTTP"}: ${RUNS} runs of a two-step function that does nothing, per level`);
  console.log(`(${Object.keys(process.env).length} environment variables: the SDK reads them all on every request)\n`);
  for (const concurrency of BATCH_ONLY ? [] : CONCURRENCY) {
    const result = await measure(concurrency, PROFILE && concurrency === CONCURRENCY[0]);
    console.log(`${concurrency} runs at once: ${fixed(result.perSecond)} runs/s, ${fixed(result.cpuMsPerRun, 2)} ms of CPU per run, ${fixed(result.callsPerRun, 2)} serve calls per run`);
    if (result.rows.length > 0) printSelfTime("where the main thread went (self time, top 25):", result.rows);
  }
  const batches = await measureBatches(RUNS * 10, PROFILE);
  console.log(`batch lane shape, ${RUNS * 10} events in runs of 100: ${fixed(batches.perSecond)} events/s, ${fixed(batches.cpuMsPerEvent, 3)} ms of CPU per event`);
  if (batches.rows.length > 0) printSelfTime("where the main thread went in the batch lane's shape (self time, top 25):", batches.rows);
});
