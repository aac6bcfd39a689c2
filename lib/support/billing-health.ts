// "Is billing healthy right now?": the figures of the support home, each read from where the
// work is recorded — Stripe events accepted and applied, the backlog and its oldest event, runs
// failing now, the Stripe breaker, the last compiled sync, drafts whose sync keeps failing and the
// usage failed syncs left out of Stripe, unrepaired drift, usage held for want of a draft, open issues by money at risk and the
// latest alerts.
import { sql } from "@/lib/db/client";
import { summarizeFailingInvoiceSyncs, type FailingInvoiceSyncs } from "@/lib/billing-sync/failing-invoice-syncs";
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { summarizeUnsyncedUsage, type UnsyncedUsage } from "@/lib/billing-sync/unsynced-usage";
import { getEnv } from "@/lib/config/env";
import { listIssues, type IssueSummary } from "@/lib/dead-letters/issues";
import { checkPipeline, stalledProblems } from "@/lib/observability/pipeline-health";
import { isLocalDriverEnabled } from "@/lib/runtime/inngest-client-options";
import { getBackgroundServices } from "@/lib/runtime/services";
import { summarizeHeldUsage, type HeldUsage } from "@/lib/usage/held-usage";

export interface BillingHealth {
  checkedAt: string;
  acceptedPerMinute: number;
  appliedPerMinute: number;
  backlog: number;
  oldestUnappliedSeconds: number | null;
  /** Work not moving, as readiness and the stall alert judge it (lib/observability/pipeline-health.ts); empty when it moves. */
  stalled: string[];
  runsFailingNow: number;
  openFailures: number;
  stripeBreaker: "closed" | "open" | "half-open";
  lastSync: { at: string; tenantName: string; ok: boolean; error: string | null } | null;
  /** Drafts whose compiled sync failed the threshold times in a row (lib/billing-sync/failing-invoice-syncs.ts). */
  failingSyncs: FailingInvoiceSyncs;
  /** Usage of drafts whose compiled sync failed, which Stripe does not have (lib/billing-sync/unsynced-usage.ts). */
  unsyncedUsage: UnsyncedUsage;
  drift: { unrepaired: number; lastFoundAt: string | null };
  /** Usage waiting for its customer's next draft; overdue past the billing period (lib/usage/held-usage.ts). */
  heldUsage: HeldUsage;
  issues: IssueSummary[];
  /** Each with the issue it is about, where it is fixed (rate and stall alerts have none). */
  alerts: { id: string; text: string; createdAt: string; occurrences: number; issueId: string | null }[];
  healthy: boolean;
}

/** The window the rates are measured over. */
const RATE_WINDOW_MINUTES = 5;
/** A run with a failed attempt this recent is "failing now". */
const FAILING_NOW_MINUTES = 10;

async function pipelineStalls(): Promise<string[]> {
  const localDriver = isLocalDriverEnabled(getEnv());
  const driver = localDriver ? (await getBackgroundServices())?.driver : undefined;
  return stalledProblems(await checkPipeline({ driver, localDriver }));
}

export async function getBillingHealth(): Promise<BillingHealth> {
  const [[pipeline], [failing], [sync], [drift], issues, alerts, stalled, heldUsage, unsyncedUsage, failingSyncs] = await Promise.all([
    sql().query<{ accepted: number; applied: number; backlog: number; oldest_seconds: number | null; open_failures: number }>(
      `SELECT (SELECT count(*) FROM "webhook_inbox" WHERE "received_at" > now() - $1 * interval '1 minute')::int AS "accepted",
              (SELECT count(*) FROM "webhook_inbox" WHERE "processed_at" > now() - $1 * interval '1 minute')::int AS "applied",
              (SELECT count(*) FROM "webhook_inbox" WHERE "status" IN ('received', 'dispatched'))::int AS "backlog",
              (SELECT floor(EXTRACT(EPOCH FROM now() - min("received_at")))::int FROM "webhook_inbox" WHERE "status" IN ('received', 'dispatched')) AS "oldest_seconds",
              (SELECT count(*) FROM "failure_envelopes" WHERE "status" IN ('open', 'replayed'))::int AS "open_failures"`,
      [RATE_WINDOW_MINUTES],
    ),
    sql().query<{ runs: number }>(`SELECT count(DISTINCT "run_id")::int AS "runs" FROM "job_attempts" WHERE "failed_at" > now() - $1 * interval '1 minute'`, [FAILING_NOW_MINUTES]),
    sql().query<{ at: Date; tenant_name: string; error: string | null }>(
      `SELECT s."last_attempt_at" AS "at", t."name" AS "tenant_name", s."last_error" AS "error"
       FROM "tenant_sync_states" s JOIN "tenants" t ON t."id" = s."tenant_id"
       WHERE s."last_attempt_at" IS NOT NULL ORDER BY s."last_attempt_at" DESC LIMIT 1`,
    ),
    sql().query<{ unrepaired: number; last_found_at: Date | null }>(
      `SELECT count(*) FILTER (WHERE "repaired_at" IS NULL)::int AS "unrepaired", max("detected_at") AS "last_found_at" FROM "reconciliation_drifts"`,
    ),
    listIssues({ state: "unresolved", sort: "money", limit: 5 }),
    sql().query<{ id: string; text: string; created_at: Date; occurrences: number; issue_id: string | null }>(
      `SELECT a."id", a."text", a."created_at", a."occurrences", g."id" AS "issue_id"
       FROM "dlq_alerts" a LEFT JOIN "failure_envelopes" fe ON fe."id" = a."envelope_id" LEFT JOIN "failure_groups" g ON g."fingerprint" = fe."fingerprint"
       ORDER BY a."created_at" DESC LIMIT 5`,
    ),
    pipelineStalls(),
    summarizeHeldUsage(),
    summarizeUnsyncedUsage(),
    summarizeFailingInvoiceSyncs(),
  ]);
  const stripeBreaker = stripeGuard().state;
  const health = {
    checkedAt: new Date().toISOString(),
    acceptedPerMinute: Math.round(((pipeline?.accepted ?? 0) / RATE_WINDOW_MINUTES) * 10) / 10,
    appliedPerMinute: Math.round(((pipeline?.applied ?? 0) / RATE_WINDOW_MINUTES) * 10) / 10,
    backlog: pipeline?.backlog ?? 0,
    oldestUnappliedSeconds: pipeline?.oldest_seconds ?? null,
    stalled,
    runsFailingNow: failing?.runs ?? 0,
    openFailures: pipeline?.open_failures ?? 0,
    stripeBreaker,
    lastSync: sync ? { at: new Date(sync.at).toISOString(), tenantName: sync.tenant_name, ok: !sync.error, error: sync.error } : null,
    failingSyncs,
    unsyncedUsage,
    drift: { unrepaired: drift?.unrepaired ?? 0, lastFoundAt: drift?.last_found_at ? new Date(drift.last_found_at).toISOString() : null },
    heldUsage,
    issues,
    alerts: alerts.map((a) => ({ id: a.id, text: a.text, createdAt: new Date(a.created_at).toISOString(), occurrences: a.occurrences, issueId: a.issue_id })),
  };
  // Healthy: nothing stuck, nothing failing, Stripe reachable, nothing waiting on support (usage
  // held past its billing period included: no draft came to take it; nor a draft whose sync keeps
  // failing, even when the last run as a whole succeeded).
  const healthy =
    stripeBreaker === "closed" &&
    health.runsFailingNow === 0 &&
    health.issues.every((i) => i.unresolved === 0) &&
    stalled.length === 0 &&
    (health.lastSync?.ok ?? true) &&
    failingSyncs.invoices === 0 &&
    heldUsage.overdue.increments === 0;
  return { ...health, healthy };
}
