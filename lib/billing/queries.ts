// Reads for the customer billing pages. Every query is scoped by tenant in its WHERE clause,
// leaves out invoices deleted in Stripe and selects only what the pages show.
import "server-only";
import { cache } from "react";
import { isUuid } from "@/lib/validation/is-uuid";
import { db } from "@/lib/db/client";
import { toMinorUnits, withMinorUnits } from "@/lib/money/minor-units";
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { overdueSince } from "@/lib/invoices/overdue";
import { paymentActionRequired } from "@/lib/invoices/payment-action";
import { getReturnedMoneyForInvoice, getReturnedMoneyForInvoices } from "@/lib/money-returned/queries";
import { safeInvoiceUrl } from "@/lib/stripe/invoice-urls";

export const INVOICE_PAGE_SIZE = 25;

export interface InvoiceListFilter {
  status?: InvoiceStatus;
  /** Keyset cursor: the id of the last invoice of the previous page. */
  after?: string;
}

export async function listInvoicesForTenant(tenantId: string, filter: InvoiceListFilter = {}) {
  const rows = await db().invoice.findMany({
    where: { tenantId, deletedAt: null, ...(filter.status ? { status: filter.status } : {}) },
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    take: INVOICE_PAGE_SIZE + 1,
    ...(filter.after ? { cursor: { id: filter.after }, skip: 1 } : {}),
    select: {
      id: true,
      number: true,
      status: true,
      currency: true,
      total: true,
      amountDue: true,
      amountPaid: true,
      amountRemaining: true,
      periodStart: true,
      periodEnd: true,
      dueDate: true,
      stripeCreatedAt: true,
      hostedInvoiceUrl: true,
      invoicePdfUrl: true,
      paymentActionRequiredAt: true,
      overdueAt: true,
      updatedAt: true,
      customer: { select: { name: true } },
    },
  });
  const hasMore = rows.length > INVOICE_PAGE_SIZE;
  const invoices = rows.slice(0, INVOICE_PAGE_SIZE).map(({ paymentActionRequiredAt, overdueAt, ...row }) => ({
    ...withSafeLinks(withMinorUnits(row)),
    // Stripe waits for the customer to authenticate the payment on the hosted invoice page.
    paymentActionRequired: paymentActionRequired({ ...row, paymentActionRequiredAt }),
    overdueSince: overdueSince({ ...row, overdueAt }),
  }));
  // Refunds, credit notes and disputes: the net each invoice kept and its state.
  const returned = await getReturnedMoneyForInvoices(tenantId, invoices);
  const withReturned = invoices.map((invoice) => ({ ...invoice, returned: returned.get(invoice.id) ?? null }));
  return { invoices: withReturned, nextCursor: hasMore ? withReturned[withReturned.length - 1]?.id : undefined };
}

export type InvoiceListItem = Awaited<ReturnType<typeof listInvoicesForTenant>>["invoices"][number];

/** What a customer sees of an invoice line, in the order Stripe added them. */
const invoiceLines = {
  orderBy: { createdAt: "asc" },
  select: { id: true, description: true, quantity: true, unitAmount: true, amount: true, currency: true },
} as const;

/** One of the tenant's invoices that Stripe has not deleted. */
function visibleInvoice(tenantId: string, invoiceId: string) {
  return { id: invoiceId, tenantId, deletedAt: null };
}

/** One invoice with its lines, or null when it does not exist in this tenant. */
export async function getInvoiceForTenant(tenantId: string, invoiceId: string) {
  if (!isUuid(invoiceId)) return null;
  const invoice = await db().invoice.findFirst({
    where: visibleInvoice(tenantId, invoiceId),
    select: {
      id: true,
      tenantId: true,
      stripeInvoiceId: true,
      number: true,
      status: true,
      currency: true,
      subtotal: true,
      total: true,
      amountDue: true,
      amountPaid: true,
      amountRemaining: true,
      periodStart: true,
      periodEnd: true,
      dueDate: true,
      hostedInvoiceUrl: true,
      invoicePdfUrl: true,
      stripeCreatedAt: true,
      paidAt: true,
      version: true,
      customer: { select: { name: true, email: true } },
      lineItems: invoiceLines,
    },
  });
  if (!invoice) return null;
  const { lineItems, ...header } = invoice;
  return withSafeLinks({ ...withMinorUnits(header), lineItems: lineItems.map(withMinorUnits) });
}

/** The invoice page's header and totals (no lines), or null when it does not exist in this tenant. */
export async function getInvoiceHeaderForTenant(tenantId: string, invoiceId: string) {
  if (!isUuid(invoiceId)) return null;
  const invoice = await db().invoice.findFirst({
    where: visibleInvoice(tenantId, invoiceId),
    select: {
      id: true,
      number: true,
      status: true,
      currency: true,
      total: true,
      amountPaid: true,
      amountRemaining: true,
      periodStart: true,
      periodEnd: true,
      hostedInvoiceUrl: true,
      invoicePdfUrl: true,
      paymentActionRequiredAt: true,
      overdueAt: true,
      dueDate: true,
      customer: { select: { name: true } },
    },
  });
  if (!invoice) return null;
  const header = withSafeLinks(withMinorUnits(invoice));
  return { ...header, returned: await getReturnedMoneyForInvoice(tenantId, header) };
}

/** The lines of one of the tenant's invoices, in the order Stripe added them. */
export async function listInvoiceLinesForTenant(tenantId: string, invoiceId: string) {
  if (!isUuid(invoiceId)) return [];
  const lines = await db().invoiceLineItem.findMany({
    where: { invoiceId, invoice: { tenantId, deletedAt: null } },
    ...invoiceLines,
  });
  return lines.map(withMinorUnits);
}

/** Payment and PDF links reach the page only when safe to click, whatever a row holds. */
function withSafeLinks<T extends { hostedInvoiceUrl: string | null; invoicePdfUrl: string | null }>(invoice: T): T {
  return { ...invoice, hostedInvoiceUrl: safeInvoiceUrl(invoice.hostedInvoiceUrl), invoicePdfUrl: safeInvoiceUrl(invoice.invoicePdfUrl) };
}

/** Summary figures for the billing page header. */
/**
 * What the tenant owes, by status and currency. Per-request memo: the billing page's header and
 * its invoice section both ask for it while rendering one request.
 */
export const getBillingSummaryForTenant = cache(async (tenantId: string) => {
  const groups = await db().invoice.groupBy({
    by: ["status", "currency"],
    where: { tenantId, deletedAt: null, status: { in: ["open", "draft"] } },
    _sum: { amountRemaining: true, total: true },
    _count: { _all: true },
  });
  return groups.map((g) => ({
    status: g.status,
    currency: g.currency,
    count: g._count._all,
    amountRemaining: toMinorUnits(g._sum.amountRemaining ?? 0),
    total: toMinorUnits(g._sum.total ?? 0),
  }));
});
