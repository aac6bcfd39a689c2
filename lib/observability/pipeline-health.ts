// Whether accepted work is moving: Stripe events applied within PIPELINE_STALL_SECONDS, the local
// driver's calls reaching the serve endpoint, and due runs claimed. Details are counts and ages
// only: readiness is anonymous, so no URL, error text or id leaves this module.
import { getEnv } from "@/lib/config/env";
import { sql } from "@/lib/db/client";
import type { LocalDriverStatus } from "@/lib/runtime/services";

export interface HealthCheck {
  status: "ok" | "degraded";
  detail?: string;
}

/** Failed calls in a row after which the serve endpoint counts as failing (one blip is not an outage). */
export const SERVE_FAILURES_DEGRADED = 3;

export interface PipelineHealthOptions {
  /** The local driver of this process, when the local driver is the Inngest in use. */
  driver?: Pick<LocalDriverStatus, "serveCalls">;
  localDriver: boolean;
  stallSeconds?: number;
}

export async function checkPipeline(options: PipelineHealthOptions): Promise<Record<string, HealthCheck>> {
  const stallSeconds = options.stallSeconds ?? getEnv().PIPELINE_STALL_SECONDS;
  const checks: Record<string, HealthCheck> = {};

  // "received" / "dispatched" are the inbox states not yet settled (lib/webhooks/inbox.ts). An event
  // waiting out its retry policy (a failed attempt whose next try was due within the threshold) is
  // moving, not stalled: retry delays run to 25 min.
  const [inbox] = await sql().query<{ waiting: number; oldest_seconds: number | null }>(
    `SELECT count(*)::int AS waiting, floor(EXTRACT(EPOCH FROM now() - min(i."received_at")))::int AS oldest_seconds
     FROM "webhook_inbox" i
     WHERE i."status" IN ('received', 'dispatched') AND i."received_at" < now() - $1 * interval '1 second'
       AND NOT EXISTS (
         SELECT 1 FROM "job_attempts" a
         WHERE a."job_id" = i."event_id"
           AND a."failed_at" + COALESCE(a."retry_delay_ms", 0) * interval '1 millisecond' > now() - $1 * interval '1 second')`,
    [stallSeconds],
  );
  checks["pipeline:inbox"] = inbox?.waiting
    ? { status: "degraded", detail: `${inbox.waiting} Stripe event(s) accepted more than ${stallSeconds} s ago not applied yet (oldest ${inbox.oldest_seconds ?? stallSeconds} s)` }
    : { status: "ok" };

  if (options.localDriver) {
    const failures = options.driver?.serveCalls().consecutiveFailures ?? 0;
    checks["pipeline:serve-endpoint"] =
      failures >= SERVE_FAILURES_DEGRADED
        ? { status: "degraded", detail: `the local Inngest driver's last ${failures} calls to the serve endpoint failed` }
        : { status: "ok" };

    // An open batch starts within a minute at most (its timeout), so one older than the threshold is stuck too.
    const [backlog] = await sql().query<{ runs: number; events: number; batched: number }>(
      `SELECT (SELECT count(*) FROM "inngest_runs"
                WHERE "status" IN ('queued', 'running') AND "next_run_at" < now() - $1 * interval '1 second'
                  AND ("lease_expires_at" IS NULL OR "lease_expires_at" < now()))::int AS runs,
              (SELECT count(*) FROM "inngest_pending_events" WHERE "received_at" < now() - $1 * interval '1 second')::int AS events,
              (SELECT count(*) FROM "inngest_batch_events" WHERE "added_at" < now() - $1 * interval '1 second')::int AS batched`,
      [stallSeconds],
    );
    const runs = backlog?.runs ?? 0;
    const events = (backlog?.events ?? 0) + (backlog?.batched ?? 0);
    const inBatches = backlog?.batched ? ` (${backlog.batched} waiting in an open batch)` : "";
    checks["pipeline:driver"] =
      runs + events
        ? { status: "degraded", detail: `${runs} run(s) and ${events} event(s)${inBatches} due for more than ${stallSeconds} s not picked up by the local Inngest driver` }
        : { status: "ok" };
  }
  return checks;
}

/** The problems to report, one line each; empty when the pipeline moves. */
export function stalledProblems(checks: Record<string, HealthCheck>): string[] {
  return Object.values(checks).flatMap((check) => (check.status === "degraded" && check.detail ? [check.detail] : []));
}
