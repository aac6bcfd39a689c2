// Reads for the backfill support page: recent runs (from the audit log) and which Stripe the
// app talks to. Staff-only data with no tenant: the page checks support:view first.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/config/env";
import type { BackfillReport } from "./backfill-stripe-events";

export interface BackfillRun {
  id: string;
  at: Date;
  actor: string;
  source: string;
  outcome: "completed" | "failed";
  report: Partial<BackfillReport> & { error?: string };
}

export async function listRecentBackfillRuns(limit = 10): Promise<BackfillRun[]> {
  const rows = await db().auditEvent.findMany({
    where: { entityType: "stripe_backfill" },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { entityId: true, createdAt: true, actor: true, source: true, eventType: true, payload: true },
  });
  return rows.map((row) => ({
    id: row.entityId,
    at: row.createdAt,
    actor: row.actor,
    source: row.source,
    outcome: row.eventType === "stripe.backfill.failed" ? "failed" : "completed",
    report: (row.payload ?? {}) as BackfillRun["report"],
  }));
}

export function describeStripeAccount(): "live" | "test" | "simulator" {
  const key = getEnv().STRIPE_SECRET_KEY;
  if (!key) return "simulator";
  return /_live_/.test(key) ? "live" : "test";
}
