// What the pipeline reports to /api/metrics: events applied (by outcome), run latency from the
// hand-over to Inngest, and jobs dead-lettered.
import { metrics } from "./metrics";

export function recordStripeEventProcessed(input: { type: string; jobType: string; result: unknown; sentAtMs?: number }): void {
  const outcome = (input.result as { outcome?: unknown } | null)?.outcome;
  metrics().eventsProcessed.inc({ type: input.type, outcome: typeof outcome === "string" ? outcome : "applied" });
  if (input.sentAtMs) metrics().runLatency.observe({ job_type: input.jobType }, Math.max(0, Date.now() - input.sentAtMs) / 1000);
}

export function recordDeadLetter(jobType: string): void {
  metrics().eventsDeadLettered.inc({ job_type: jobType });
}
