// The other half of reconciliation: invoices Stripe has that were never stored here (their
// events were lost, e.g. an outage longer than Stripe's 30-day event window). Scans Stripe's
// invoices newest first, a bounded number of pages, through the sync's budget and breaker.
import { db } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { stripeGuard, type StripeGuard } from "@/lib/billing-sync/stripe-guard";
import type { Drift } from "./reconcile-invoices";

/** Further back than Stripe keeps events, so invoices from a long outage are still found. */
export const MISSING_LOCALLY_LOOKBACK_DAYS = 90;
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

export async function recordInvoicesMissingLocally(
  runId: string,
  guard: StripeGuard = stripeGuard(),
  now = new Date(),
): Promise<{ checked: number; drifts: Drift[] }> {
  const since = Math.floor(now.getTime() / 1000) - MISSING_LOCALLY_LOOKBACK_DAYS * 86_400;
  const drifts: Drift[] = [];
  let checked = 0;
  let startingAfter: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await guard.call("invoices.list", () => getStripe().invoices.list({ limit: PAGE_SIZE, ...(startingAfter ? { starting_after: startingAfter } : {}) }));
    const recent = list.data.filter((invoice) => invoice.created >= since && invoice.id !== undefined);
    checked += recent.length;
    drifts.push(...(await driftsForUnstored(recent)));
    const last = list.data.at(-1);
    // Newest first: once a page reaches past the window, older pages are too.
    if (!list.has_more || !last?.id || recent.length < list.data.length) break;
    startingAfter = last.id;
  }
  if (drifts.length > 0) await db().reconciliationDrift.createMany({ data: drifts.map((d) => ({ ...d, runId })) });
  return { checked, drifts };
}

async function driftsForUnstored(invoices: Array<{ id?: string; customer: string | { id: string } | null; status: string | null; total: number }>): Promise<Drift[]> {
  const ids = invoices.flatMap((i) => (i.id ? [i.id] : []));
  // Deleted invoices count as stored: their deletion is final, not drift.
  const stored = new Set((await db().invoice.findMany({ where: { stripeInvoiceId: { in: ids } }, select: { stripeInvoiceId: true } })).map((i) => i.stripeInvoiceId));
  const unstored = invoices.filter((i) => i.id && !stored.has(i.id));
  const customerIds = unstored.flatMap((i) => (typeof i.customer === "string" ? [i.customer] : i.customer ? [i.customer.id] : []));
  const customers = await db().customer.findMany({ where: { stripeCustomerId: { in: customerIds } }, select: { stripeCustomerId: true, tenantId: true } });
  const tenantOf = new Map(customers.map((c) => [c.stripeCustomerId, c.tenantId]));
  return unstored.flatMap((invoice) => {
    const customer = typeof invoice.customer === "string" ? invoice.customer : invoice.customer?.id;
    const tenantId = customer ? tenantOf.get(customer) : undefined;
    // A customer no tenant owns is the customer pipeline's business (its events dead-letter), not drift.
    if (!invoice.id || !tenantId) return [];
    return [{ invoiceId: null, stripeInvoiceId: invoice.id, tenantId, kind: "extra_invoice" as const, localValue: null, stripeValue: `${invoice.status ?? "unknown"} ${invoice.total}` }];
  });
}
