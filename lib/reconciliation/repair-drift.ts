// Repairs recorded drift: re-reads the invoice from Stripe (every line) and applies it through the
// normal apply path as authoritative — the same one the pipeline's refetch uses — so an invoice
// Stripe changed, or created, without an event reaching us matches Stripe again. Each repair marks
// the invoice's open drift rows repaired and records who did it, in the apply's transaction.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { applyStripeInvoiceInTransaction } from "@/lib/invoices/apply-stripe-invoice";
import { fetchStripeInvoice } from "@/lib/invoices/fetch-stripe-invoice";
import { publishReportChange } from "@/lib/reports/report-cache";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import type { StripeInvoice } from "@/lib/stripe/schemas";

/** Invoices per "repair all": each costs a few Stripe reads under the process's Stripe budget. */
export const REPAIR_BATCH_SIZE = 50;

export interface DriftRepairReport {
  repaired: number;
  failed: Array<{ stripeInvoiceId: string; reason: string }>;
  /** Invoices with open drift still waiting (beyond the batch, or failed). */
  remaining: number;
}

type InvoiceRepair = { outcome: "repaired" | "already-repaired" } | { outcome: "failed"; reason: string };

async function readFromStripe(stripeInvoiceId: string): Promise<StripeInvoice | null> {
  try {
    return await fetchStripeInvoice(stripeInvoiceId);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return null;
    throw error;
  }
}

async function repairInvoice(stripeInvoiceId: string, actor: string): Promise<InvoiceRepair> {
  const fresh = await readFromStripe(stripeInvoiceId);
  if (!fresh) return { outcome: "failed", reason: "Stripe no longer has this invoice." };
  // The invoice's own creation time, not now: lastEventCreatedAt keeps its newest event, so
  // webhooks that follow this read still apply. Authoritative lets the snapshot through anyway.
  const change = { sourceId: `repair:${randomUUID()}`, eventType: "invoice.repaired_from_stripe", created: fromUnixSeconds(fresh.created) };
  const { repair, reportChange } = await db().$transaction(async (tx) => {
    // Every writer of this invoice takes this lock first; the apply below takes it again.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${stripeInvoiceId}))`;
    const open = await tx.reconciliationDrift.findMany({ where: { stripeInvoiceId, repairedAt: null }, select: { id: true, kind: true } });
    if (open.length === 0) return { repair: { outcome: "already-repaired" as const }, reportChange: null };
    const applied = await applyStripeInvoiceInTransaction(tx, fresh, change, { authoritative: true });
    const { result } = applied;
    if (result.outcome !== "applied" || !result.invoiceId) {
      const reason =
        result.outcome === "conflict" ? "A local change is not yet in Stripe: see the conflict review."
        : result.outcome === "missing-customer" ? `Stripe customer ${result.stripeCustomerId} is not mapped to a tenant.`
        : `Not applied (${result.outcome}).`;
      return { repair: { outcome: "failed" as const, reason }, reportChange: null };
    }
    const ids = open.map((d) => d.id);
    await tx.reconciliationDrift.updateMany({ where: { id: { in: ids }, invoiceId: null }, data: { invoiceId: result.invoiceId } });
    await tx.reconciliationDrift.updateMany({ where: { id: { in: ids } }, data: { repairedAt: new Date(), repairedBy: actor } });
    await recordAuditEvent(tx, {
      tenantId: result.tenantId,
      entityType: "invoice",
      entityId: result.invoiceId,
      eventType: "reconciliation.repaired",
      payload: { stripeInvoiceId, drifts: open.map((d) => ({ id: d.id, kind: d.kind })), status: fresh.status, total: fresh.total, currency: fresh.currency },
      actor,
      source: "support",
    });
    return { repair: { outcome: "repaired" as const }, reportChange: applied.reportChange };
  });
  if (reportChange) await publishReportChange(reportChange);
  return repair;
}

async function countOpenDriftInvoices(): Promise<number> {
  const rows = await db().reconciliationDrift.groupBy({ by: ["stripeInvoiceId"], where: { repairedAt: null } });
  return rows.length;
}

async function repairEach(stripeInvoiceIds: string[], actor: string): Promise<DriftRepairReport> {
  const report: DriftRepairReport = { repaired: 0, failed: [], remaining: 0 };
  for (const stripeInvoiceId of stripeInvoiceIds) {
    try {
      const repair = await repairInvoice(stripeInvoiceId, actor);
      if (repair.outcome === "repaired") report.repaired++;
      if (repair.outcome === "failed") report.failed.push({ stripeInvoiceId, reason: repair.reason });
    } catch (error) {
      // Stripe unreachable (breaker open): stop the batch, the rest stays open for a later repair.
      if (isAppError(error) && error.code === "unavailable") {
        report.failed.push({ stripeInvoiceId, reason: error.message });
        break;
      }
      throw error;
    }
  }
  report.remaining = await countOpenDriftInvoices();
  return report;
}

/** Repairs the invoice one drift row is about (and every other open drift of that invoice). */
export async function repairDrift(driftId: string, by: { email: string }): Promise<DriftRepairReport> {
  const drift = await db().reconciliationDrift.findUnique({ where: { id: driftId }, select: { stripeInvoiceId: true, repairedAt: true } });
  if (!drift) throw new AppError("not_found", "That drift does not exist.");
  if (drift.repairedAt) throw new AppError("conflict", "This drift was already repaired.");
  return repairEach([drift.stripeInvoiceId], by.email);
}

/** Repairs the invoices with open drift, oldest drift first, up to one batch. */
export async function repairAllDrift(by: { email: string }): Promise<DriftRepairReport> {
  const open = await db().reconciliationDrift.groupBy({
    by: ["stripeInvoiceId"],
    where: { repairedAt: null },
    _min: { detectedAt: true },
    orderBy: [{ _min: { detectedAt: "asc" } }, { stripeInvoiceId: "asc" }],
    take: REPAIR_BATCH_SIZE,
  });
  return repairEach(open.map((d) => d.stripeInvoiceId), by.email);
}
