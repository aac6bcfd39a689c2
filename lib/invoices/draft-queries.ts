// Draft invoices: the draft each customer's new usage goes on, and the reads for support's
// draft-invoice intervention pages (staff: any tenant, optional filter).
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { withMinorUnits } from "@/lib/money/minor-units";
import { listUsageLinesForInvoices } from "@/lib/usage/queries";
import { composeRunningLines } from "@/lib/usage/running-total";
import { isUuid } from "@/lib/validation/is-uuid";

/**
 * SQL for each customer's newest draft invoice — the one new and held usage is billed on — as rows
 * (customer_id, invoice_id, currency). `customerIds` is SQL selecting customer ids.
 */
export function newestDraftPerCustomer(customerIds: Prisma.Sql, tenantId?: string): Prisma.Sql {
  const tenantFilter = tenantId ? Prisma.sql`AND inv.tenant_id = ${tenantId}::uuid` : Prisma.empty;
  return Prisma.sql`
    SELECT DISTINCT ON (inv.customer_id) inv.customer_id, inv.id AS invoice_id, inv.currency
    FROM invoices inv
    WHERE inv.customer_id IN (${customerIds}) ${tenantFilter} AND inv.status = 'draft' AND inv.deleted_at IS NULL
    ORDER BY inv.customer_id, inv.stripe_created_at DESC, inv.id DESC`;
}

const DRAFT_LIST_SIZE = 100;

/**
 * Support's draft list: the drafts whose compiled sync keeps failing first (most failures in a row
 * first; the support home links here when any does), then the rest by period end.
 */
export async function listDraftInvoices(tenantId?: string) {
  const draftWhere = { status: "draft" as const, deletedAt: null, ...(tenantId ? { tenantId } : {}) };
  const select = { id: true, tenantId: true, stripeInvoiceId: true, currency: true, total: true, periodEnd: true, customer: { select: { name: true } }, tenant: { select: { name: true, slug: true } } } as const;
  // The counter outlives finalization, so only the failing states of drafts count.
  const failing = await db().invoiceSyncState.findMany({
    where: { consecutiveSyncFailures: { gt: 0 }, ...(tenantId ? { tenantId } : {}) },
    orderBy: [{ consecutiveSyncFailures: "desc" }, { invoiceId: "asc" }],
    take: DRAFT_LIST_SIZE,
    select: { invoiceId: true },
  });
  const failingDrafts = await db().invoice.findMany({ where: { ...draftWhere, id: { in: failing.map((s) => s.invoiceId) } }, select });
  const failingIds = failing.map((s) => s.invoiceId).filter((id) => failingDrafts.some((d) => d.id === id));
  const otherDrafts = await db().invoice.findMany({
    where: { ...draftWhere, id: { notIn: failingIds } },
    orderBy: [{ periodEnd: "asc" }, { id: "asc" }],
    take: DRAFT_LIST_SIZE - failingIds.length,
    select,
  });
  const drafts = [...failingIds.flatMap((id) => failingDrafts.filter((d) => d.id === id)), ...otherDrafts];
  const states = await db().invoiceSyncState.findMany({
    where: { invoiceId: { in: drafts.map((d) => d.id) } },
    select: { invoiceId: true, held: true, localChangePending: true, lastSyncError: true, consecutiveSyncFailures: true, syncFailingSince: true },
  });
  return drafts.map((d) => ({ ...withMinorUnits(d), state: states.find((s) => s.invoiceId === d.id) ?? null }));
}

export async function getDraftForSupport(invoiceId: string) {
  if (!isUuid(invoiceId)) return null;
  const invoice = await db().invoice.findFirst({
    where: { id: invoiceId, deletedAt: null },
    select: {
      id: true,
      tenantId: true,
      customerId: true,
      stripeInvoiceId: true,
      status: true,
      version: true,
      currency: true,
      total: true,
      periodStart: true,
      periodEnd: true,
      customer: { select: { name: true } },
      lineItems: { orderBy: { createdAt: "asc" }, select: { id: true, stripeLineItemId: true, description: true, quantity: true, unitAmount: true, amount: true } },
    },
  });
  if (!invoice) return null;
  const [usage, state] = await Promise.all([
    listUsageLinesForInvoices(invoice.tenantId, [invoice.id]),
    db().invoiceSyncState.findUnique({ where: { invoiceId }, select: { held: true, holdReason: true, localChangePending: true, localChangedBy: true, lastSyncedAt: true, lastSyncError: true } }),
  ]);
  const { lineItems, ...rest } = invoice;
  return { ...withMinorUnits(rest), usage, state, ...composeRunningLines(lineItems.map(withMinorUnits), usage) };
}
