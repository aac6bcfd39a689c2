// Reads for the customer's current period: draft invoices with their running lines, scoped by
// tenant in every query. Local data only — the page never waits for Stripe.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { toMinorUnits, withMinorUnits } from "@/lib/money/minor-units";
import { composeRunningLines, type UsageSideLine } from "./running-total";

export async function listUsageLinesForInvoices(tenantId: string, invoiceIds: string[]): Promise<(UsageSideLine & { invoiceId: string })[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db().$queryRaw<(Omit<UsageSideLine, "compiledQuantity" | "unitAmount"> & { unitAmount: bigint; invoiceId: string; compiled: bigint })[]>`
    SELECT l.id, l.invoice_id AS "invoiceId", l.line_key AS "lineKey", l.description, l.unit_amount AS "unitAmount",
           l.stripe_line_id AS "stripeLineId", l.synced_quantity AS "syncedQuantity", COALESCE(SUM(i.quantity), 0) AS compiled
    FROM usage_lines l LEFT JOIN usage_increments i ON i.usage_line_id = l.id
    WHERE l.tenant_id = ${tenantId}::uuid AND l.invoice_id = ANY(${invoiceIds}::uuid[])
    GROUP BY l.id ORDER BY l.created_at, l.id`;
  return rows.map(({ compiled, ...row }) => ({ ...row, unitAmount: toMinorUnits(row.unitAmount), compiledQuantity: Number(compiled) }));
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
    const running = composeRunningLines(lineItems.map(withMinorUnits), usage.filter((u) => u.invoiceId === draft.id));
    const state = states.find((s) => s.invoiceId === draft.id);
    return { ...withMinorUnits(draft), stripeTotal: toMinorUnits(draft.total), ...running, held: state?.held ?? false, holdReason: state?.holdReason ?? null };
  });
}

export type CurrentPeriodInvoice = Awaited<ReturnType<typeof getCurrentPeriodForTenant>>[number];

export interface UsageToDateLine {
  line: string;
  description: string;
  unitAmount: number;
  quantity: number;
  amount: number;
  /** The draft invoice (in_…) the line is on, or null while held for the customer's next draft. */
  invoice: string | null;
  currency: string | null;
}

/**
 * A customer's usage to date: the lines of their draft invoices and the usage held for their next
 * draft, read in one statement. `asOf` is that statement's time: every increment acknowledged
 * before it is counted.
 */
export async function getUsageToDate(tenantId: string, stripeCustomerId: string) {
  const rows = await db().$queryRaw<{ asOf: Date; line: string | null; description: string | null; unitAmount: bigint | null; quantity: bigint | null; invoice: string | null; currency: string | null; found: boolean }[]>`
    WITH customer AS (
      SELECT id FROM customers WHERE tenant_id = ${tenantId}::uuid AND stripe_customer_id = ${stripeCustomerId} AND NOT deleted
    ),
    lines AS (
      SELECT l.line_key AS line, l.description, l.unit_amount AS "unitAmount", COALESCE(SUM(i.quantity), 0) AS quantity, inv.stripe_invoice_id AS invoice, l.currency
      FROM invoices inv JOIN usage_lines l ON l.invoice_id = inv.id LEFT JOIN usage_increments i ON i.usage_line_id = l.id
      WHERE inv.customer_id IN (SELECT id FROM customer) AND inv.status = 'draft' AND inv.deleted_at IS NULL
      GROUP BY l.id, inv.stripe_invoice_id
      UNION ALL
      SELECT p.line_key, MIN(p.description), p.unit_amount, SUM(p.quantity), NULL, NULL
      FROM pending_usage_increments p
      WHERE p.customer_id IN (SELECT id FROM customer) AND p.attached_at IS NULL
      GROUP BY p.line_key, p.unit_amount
    )
    SELECT clock_timestamp() AS "asOf", l.*, EXISTS (SELECT 1 FROM customer) AS found
    FROM (SELECT 1) one LEFT JOIN lines l ON true
    ORDER BY l.invoice NULLS LAST, l.line`;
  if (!rows[0]?.found) throw new AppError("not_found", `No customer ${stripeCustomerId} in this tenant.`);
  const lines: UsageToDateLine[] = rows.flatMap((r) => {
    if (r.line === null) return [];
    const quantity = Math.max(0, Number(r.quantity ?? 0));
    const unitAmount = toMinorUnits(r.unitAmount ?? 0);
    return [{ line: r.line, description: r.description ?? r.line, unitAmount, quantity, amount: toMinorUnits(BigInt(quantity) * BigInt(unitAmount)), invoice: r.invoice, currency: r.currency }];
  });
  return { customer: stripeCustomerId, asOf: rows[0].asOf.toISOString(), lines, total: lines.reduce((sum, l) => sum + l.amount, 0) };
}

/** Usage held for customers without a draft invoice yet, per customer and line, as of the read. */
export async function listPendingUsageForTenant(tenantId: string) {
  const rows = await db().$queryRaw<{ asOf: Date; customer: string; customerName: string | null; currency: string | null; line: string; description: string; unitAmount: bigint; quantity: bigint; since: Date }[]>`
    SELECT clock_timestamp() AS "asOf", c.stripe_customer_id AS customer, c.name AS "customerName", p.line_key AS line, MIN(p.description) AS description,
           p.unit_amount AS "unitAmount", SUM(p.quantity) AS quantity, MIN(p.created_at) AS since,
           -- The currency of the customer's latest invoice: the one the next draft will most likely have.
           (SELECT inv.currency FROM invoices inv WHERE inv.customer_id = c.id ORDER BY inv.stripe_created_at DESC LIMIT 1) AS currency
    FROM pending_usage_increments p JOIN customers c ON c.id = p.customer_id
    WHERE p.tenant_id = ${tenantId}::uuid AND p.attached_at IS NULL
    GROUP BY c.id, c.stripe_customer_id, c.name, p.line_key, p.unit_amount
    ORDER BY c.stripe_customer_id, p.line_key
    LIMIT 200`;
  const asOf = rows[0]?.asOf ?? new Date();
  return {
    asOf,
    lines: rows.map((r) => ({ customer: r.customer, customerName: r.customerName, currency: r.currency, line: r.line, description: r.description, unitAmount: toMinorUnits(r.unitAmount), quantity: Math.max(0, Number(r.quantity)), since: r.since })),
  };
}

export type PendingUsage = Awaited<ReturnType<typeof listPendingUsageForTenant>>;
