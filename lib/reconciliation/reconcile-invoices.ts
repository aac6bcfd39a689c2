// Compares local invoices with Stripe's and records each difference as drift: amount, status,
// items missing on Stripe's side, items Stripe has that we do not, or an invoice Stripe lost.
// Reads go through the sync's budget and breaker like every other Stripe call.
import Stripe from "stripe";
import { db } from "@/lib/db/client";
import { toMinorUnits } from "@/lib/money/minor-units";
import { getStripe } from "@/lib/stripe/client";
import { stripeInvoiceSchema, type StripeInvoice } from "@/lib/stripe/schemas";
import { stripeGuard, type StripeGuard } from "@/lib/billing-sync/stripe-guard";
import { completeInvoiceLines } from "@/lib/invoices/complete-invoice-lines";

// missing_invoice: stored here, gone from Stripe; extra_invoice: in Stripe, never stored here.
export type DriftKind = "amount" | "status" | "missing_item" | "extra_item" | "missing_invoice" | "extra_invoice";

export interface Drift {
  /** Null for an invoice only Stripe has (extra_invoice). */
  invoiceId: string | null;
  stripeInvoiceId: string;
  tenantId: string;
  kind: DriftKind;
  localValue: string | null;
  stripeValue: string | null;
}

export interface ReconciliationReport {
  runId: string;
  checked: number;
  drifts: Drift[];
  errors: string[];
}

const RECENT_DAYS = 7;

/** Drafts and open invoices, and anything that changed in the last week. */
export async function listInvoicesToReconcile(limit = 500): Promise<string[]> {
  const since = new Date(Date.now() - RECENT_DAYS * 86_400_000);
  const rows = await db().invoice.findMany({
    where: { deletedAt: null, OR: [{ status: { in: ["draft", "open"] } }, { updatedAt: { gte: since } }] },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function fetchForReconciliation(guard: StripeGuard, stripeInvoiceId: string): Promise<StripeInvoice | null> {
  try {
    const raw = await guard.call("invoices.retrieve", () => getStripe().invoices.retrieve(stripeInvoiceId));
    // Every page of the lines: a first page would report the rest as drift.
    return await completeInvoiceLines(stripeInvoiceSchema.parse(raw), guard);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing") return null;
    throw error;
  }
}

export function compareInvoice(
  local: { id: string; tenantId: string; stripeInvoiceId: string; status: string; total: number; lineIds: string[] },
  stripe: StripeInvoice | null,
): Drift[] {
  const base = { invoiceId: local.id, stripeInvoiceId: local.stripeInvoiceId, tenantId: local.tenantId };
  if (!stripe) return [{ ...base, kind: "missing_invoice", localValue: local.status, stripeValue: null }];
  const drifts: Drift[] = [];
  if (local.status !== stripe.status) drifts.push({ ...base, kind: "status", localValue: local.status, stripeValue: stripe.status });
  if (local.total !== stripe.total) drifts.push({ ...base, kind: "amount", localValue: String(local.total), stripeValue: String(stripe.total) });
  const stripeLines = new Set((stripe.lines?.data ?? []).map((l) => l.id));
  const localLines = new Set(local.lineIds);
  for (const id of localLines) if (!stripeLines.has(id)) drifts.push({ ...base, kind: "missing_item", localValue: id, stripeValue: null });
  for (const id of stripeLines) if (!localLines.has(id)) drifts.push({ ...base, kind: "extra_item", localValue: null, stripeValue: id });
  return drifts;
}

export async function reconcileInvoices(invoiceIds: string[], runId: string, guard: StripeGuard = stripeGuard()): Promise<ReconciliationReport> {
  const report: ReconciliationReport = { runId, checked: 0, drifts: [], errors: [] };
  for (const invoiceId of invoiceIds) {
    const local = await db().invoice.findUnique({
      where: { id: invoiceId },
      select: { id: true, tenantId: true, stripeInvoiceId: true, status: true, total: true, lineItems: { select: { stripeLineItemId: true } } },
    });
    if (!local) continue;
    let stripe: StripeInvoice | null;
    try {
      stripe = await fetchForReconciliation(guard, local.stripeInvoiceId);
    } catch (error) {
      report.errors.push(`${local.stripeInvoiceId}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    report.checked++;
    const lineIds = local.lineItems.flatMap((l) => (l.stripeLineItemId ? [l.stripeLineItemId] : []));
    const drifts = compareInvoice({ ...local, total: toMinorUnits(local.total), lineIds }, stripe);
    if (drifts.length > 0) await db().reconciliationDrift.createMany({ data: drifts.map((d) => ({ ...d, runId })) });
    report.drifts.push(...drifts);
  }
  return report;
}
