// Prometheus metrics of this process (prom-client). Counters are per process, as Prometheus
// expects; queue depths are read from the database at scrape time.
import client from "prom-client";

interface Metrics {
  registry: client.Registry;
  eventsReceived: client.Counter<"type" | "outcome">;
  eventsProcessed: client.Counter<"type" | "outcome">;
  eventsDeadLettered: client.Counter<"job_type">;
  runLatency: client.Histogram<"job_type">;
  cacheLookups: client.Counter<"result">;
  breakerState: client.Gauge<"breaker">;
  queueDepth: client.Gauge<"queue">;
}

const key = Symbol.for("ledgerline.metrics");
type GlobalWithMetrics = typeof globalThis & { [key]?: Metrics };

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "ledgerline_process_" });
  return {
    registry,
    eventsReceived: new client.Counter({ name: "ledgerline_stripe_events_received_total", help: "Stripe webhook events received, by type and outcome (accepted, duplicate, ignored, queued).", labelNames: ["type", "outcome"], registers: [registry] }),
    eventsProcessed: new client.Counter({ name: "ledgerline_stripe_events_processed_total", help: "Stripe events applied by the pipeline, by type and outcome (applied, stale).", labelNames: ["type", "outcome"], registers: [registry] }),
    eventsDeadLettered: new client.Counter({ name: "ledgerline_jobs_dead_lettered_total", help: "Jobs that exhausted their retries and became failure envelopes.", labelNames: ["job_type"], registers: [registry] }),
    runLatency: new client.Histogram({ name: "ledgerline_run_latency_seconds", help: "From the event's hand-over to Inngest to the end of its run.", labelNames: ["job_type"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800], registers: [registry] }),
    cacheLookups: new client.Counter({ name: "ledgerline_cache_lookups_total", help: "Report cache lookups by result (hit, miss, stale).", labelNames: ["result"], registers: [registry] }),
    breakerState: new client.Gauge({ name: "ledgerline_circuit_breaker_open", help: "1 when the named circuit breaker is open (calls are refused), 0.5 half-open, 0 closed.", labelNames: ["breaker"], registers: [registry] }),
    queueDepth: new client.Gauge({ name: "ledgerline_queue_depth", help: "Items waiting, read at scrape time: inbox events not yet processed, open failure envelopes.", labelNames: ["queue"], registers: [registry] }),
  };
}

export function metrics(): Metrics {
  const g = globalThis as GlobalWithMetrics;
  g[key] ??= create();
  return g[key];
}
