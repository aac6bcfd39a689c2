// Reads for the customer's current period: draft invoices with their running lines, scoped by
// tenant in every query. Local data only — the page never waits for Stripe.
import "server-only";
import { db } from "@/lib/db/client";
import { composeRunningLines, type UsageSideLine } from "./running-total";

export async function listUsageLinesForInvoices(tenantId: string, invoiceIds: string[]): Promise<(UsageSideLine & { invoiceId: string })[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db().$queryRaw<(Omit<UsageSideLine, "compiledQuantity"> & { invoiceId: string; compiled: bigint })[]>`
    SELECT l.id, l.invoice_id AS "invoiceId", l.line_key AS "lineKey", l.description, l.unit_amount AS "unitAmount",
           l.stripe_line_id AS "stripeLineId", l.synced_quantity AS "syncedQuantity", COALESCE(SUM(i.quantity), 0) AS compiled
    FROM usage_lines l LEFT JOIN usage_increments i ON i.usage_line_id = l.id
    WHERE l.tenant_id = ${tenantId}::uuid AND l.invoice_id = ANY(${invoiceIds}::uuid[])
    GROUP BY l.id ORDER BY l.created_at, l.id`;
  return rows.map(({ compiled, ...row }) => ({ ...row, compiledQuantity: Number(compiled) }));
}

/** The tenant's draft invoices (the current period), newest first, with running totals. */
export async function getCurrentPeriodForTenant(tenantId: string) {
  const drafts = await db().invoice.findMany({
    where: { tenantId, status: "draft", deletedAt: null },
    orderBy: [{ periodEnd: "asc" }, { id: "asc" }],
    take: 20,
    select: {
      id: true,
      customerId: true,
      version: true,
      currency: true,
      total: true,
      periodStart: true,
      periodEnd: true,
      customer: { select: { name: true, stripeCustomerId: true } },
      lineItems: { orderBy: { createdAt: "asc" }, select: { id: true, stripeLineItemId: true, description: true, quantity: true, unitAmount: true, amount: true } },
    },
  });
  const ids = drafts.map((d) => d.id);
  const [usage, states] = await Promise.all([
    listUsageLinesForInvoices(tenantId, ids),
    db().invoiceSyncState.findMany({ where: { tenantId, invoiceId: { in: ids } }, select: { invoiceId: true, held: true, holdReason: true, localChangePending: true } }),
  ]);
  return drafts.map(({ lineItems, ...draft }) => {
    const running = composeRunningLines(lineItems, usage.filter((u) => u.invoiceId === draft.id));
    const state = states.find((s) => s.invoiceId === draft.id);
    return { ...draft, stripeTotal: draft.total, ...running, held: state?.held ?? false, holdReason: state?.holdReason ?? null };
  });
}

export type CurrentPeriodInvoice = Awaited<ReturnType<typeof getCurrentPeriodForTenant>>[number];
