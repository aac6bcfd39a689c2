// One compiled sync run: carry usage a closed invoice never got to the next draft, attach usage
// held for customers who now have one, find the draft invoices with pending changes (optionally
// one tenant's),
// push each under its lease with a few in flight (the token bucket, not latency, sets the pace),
// stop early when the breaker opens, alert on an invoice whose pushes keep failing, and record per
// tenant when billing last synced.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { alertOnFailingInvoiceSync } from "@/lib/alerts/failing-sync-alerts";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/logging/logger";
import { attachPendingUsage } from "@/lib/usage/attach-pending-usage";
import { carryOverUnsyncedUsage } from "@/lib/usage/carry-over-usage";
import { pushInvoice, type InvoicePushOutcome } from "./push-invoice";
import { stripeGuard, type StripeGuard } from "./stripe-guard";
import { listInvoicesToSync } from "./sync-candidates";

export interface SyncReport {
  runId: string;
  invoices: number;
  pushed: number;
  busy: number;
  failed: number;
  stripeCalls: number;
  breakerOpen: boolean;
  errors: string[];
}

export interface SyncOptions {
  tenantId?: string;
  guard?: StripeGuard;
  /** Invoices pushed at once (default 8). */
  concurrency?: number;
  owner?: string;
}

async function recordTenantSync(tenantIds: Set<string>, failedTenants: Set<string>, error: string | null): Promise<void> {
  const now = new Date();
  for (const tenantId of tenantIds) {
    const failed = failedTenants.has(tenantId);
    await db().tenantSyncState.upsert({
      where: { tenantId },
      create: { tenantId, lastAttemptAt: now, lastSyncedAt: failed ? null : now, lastError: failed ? error : null },
      update: { lastAttemptAt: now, ...(failed ? { lastError: error } : { lastSyncedAt: now, lastError: null }) },
    });
  }
}

/** A failed push past the threshold is alerted on; an alert that cannot be raised must not stop the run. */
async function alertIfFailing(outcome: InvoicePushOutcome): Promise<void> {
  if (outcome.status !== "failed" || !outcome.streak) return;
  const error = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  try {
    await alertOnFailingInvoiceSync({ invoiceId: outcome.invoiceId, error, streak: outcome.streak });
  } catch (alertError) {
    logger().error({ err: alertError, invoiceId: outcome.invoiceId, failures: outcome.streak.failures }, "failing billing sync not alerted");
  }
}

export async function runBillingSync(options: SyncOptions = {}): Promise<SyncReport> {
  const guard = options.guard ?? stripeGuard();
  const runId = options.owner ?? `sync-${randomUUID()}`;
  // Usage a closed invoice never got is held for the next draft; held usage joins its draft
  // first, so this very run pushes it with the rest of the line.
  await carryOverUnsyncedUsage(options.tenantId);
  await attachPendingUsage({ tenantId: options.tenantId });
  const queue = await listInvoicesToSync(options.tenantId);
  const outcomes: InvoicePushOutcome[] = [];
  let breakerOpen = false;

  const worker = async () => {
    for (let invoiceId = queue.shift(); invoiceId && !breakerOpen; invoiceId = queue.shift()) {
      const outcome = await pushInvoice(guard, invoiceId, runId);
      outcomes.push(outcome);
      await alertIfFailing(outcome);
      if (outcome.status === "failed" && outcome.error instanceof AppError && outcome.error.code === "unavailable") breakerOpen = true;
    }
  };
  const total = queue.length;
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, Math.max(1, total)) }, worker));

  const touched = new Set(outcomes.flatMap((o) => (o.tenantId ? [o.tenantId] : [])));
  if (options.tenantId) touched.add(options.tenantId);
  const failures = outcomes.filter((o): o is Extract<InvoicePushOutcome, { status: "failed" }> => o.status === "failed");
  const errors = [...new Set(failures.map((f) => (f.error instanceof Error ? f.error.message : String(f.error))))];
  // An invoice left unpushed because the breaker opened counts as a failure of its tenant too.
  const failedTenants = new Set(failures.map((f) => f.tenantId));
  if (breakerOpen && options.tenantId) failedTenants.add(options.tenantId);
  await recordTenantSync(touched, failedTenants, errors[0] ?? (breakerOpen ? "Stripe is unreachable." : null));

  const report: SyncReport = {
    runId,
    invoices: total,
    pushed: outcomes.filter((o) => o.status === "pushed").length,
    busy: outcomes.filter((o) => o.status === "busy").length,
    failed: failures.length,
    stripeCalls: outcomes.reduce((sum, o) => sum + o.calls, 0),
    breakerOpen,
    errors,
  };
  if (report.failed > 0) logger().warn({ ...report }, "billing sync left invoices unsynced");
  return report;
}
