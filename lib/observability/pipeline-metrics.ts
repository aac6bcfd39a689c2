// What the pipeline reports to /api/metrics: events applied (by outcome), run latency from the
// hand-over to Inngest, and jobs dead-lettered.
import { metrics } from "./metrics";

export function recordStripeEventProcessed(input: { type: string; jobType: string; result: unknown; sentAtMs?: number }): void {
  const outcome = (input.result as { outcome?: unknown } | null)?.outcome;
  recordStripeEventsProcessed([{ type: input.type, jobType: input.jobType, outcome: typeof outcome === "string" ? outcome : "applied", sentAtMs: input.sentAtMs }]);
}

export interface ProcessedStripeEvent {
  type: string;
  jobType: string;
  outcome: string;
  sentAtMs?: number;
}

/**
 * A batch run's events at once: one counter increment per type and outcome, and each event's
 * latency on its job type's series, looked up once per job type (prom-client hashes the labels
 * on every call that names them; a run records up to 500 events).
 */
export function recordStripeEventsProcessed(events: ProcessedStripeEvent[]): void {
  const counts = new Map<string, { type: string; outcome: string; n: number }>();
  const latency = new Map<string, ReturnType<ReturnType<typeof metrics>["runLatency"]["labels"]>>();
  const now = Date.now();
  for (const event of events) {
    const key = `${event.type}\u0000${event.outcome}`;
    const count = counts.get(key);
    if (count) count.n++;
    else counts.set(key, { type: event.type, outcome: event.outcome, n: 1 });
    if (!event.sentAtMs) continue;
    let series = latency.get(event.jobType);
    if (!series) latency.set(event.jobType, (series = metrics().runLatency.labels({ job_type: event.jobType })));
    series.observe(Math.max(0, now - event.sentAtMs) / 1000);
  }
  for (const { type, outcome, n } of counts.values()) metrics().eventsProcessed.inc({ type, outcome }, n);
}

export function recordDeadLetter(jobType: string): void {
  metrics().eventsDeadLettered.inc({ job_type: jobType });
}
