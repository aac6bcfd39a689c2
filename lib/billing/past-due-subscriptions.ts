// The tenant's subscriptions Stripe holds as `past_due` or `unpaid` (a renewal was not paid), each
// with the open invoice that settles it: what the billing page asks the customer to pay first.
import "server-only";
import { db } from "@/lib/db/client";
import { toMinorUnits } from "@/lib/money/minor-units";
import { safeInvoiceUrl } from "@/lib/stripe/invoice-urls";

export const PAST_DUE_SUBSCRIPTION_STATUSES = ["past_due", "unpaid"] as const;

export async function listPastDueSubscriptionsForTenant(tenantId: string) {
  const subscriptions = await db().subscription.findMany({
    where: { tenantId, status: { in: [...PAST_DUE_SUBSCRIPTION_STATUSES] } },
    orderBy: { createdAt: "asc" },
    take: 20,
    select: { id: true, stripeSubscriptionId: true, status: true, amount: true, currency: true, interval: true },
  });
  if (subscriptions.length === 0) return [];
  const openInvoices = await db().invoice.findMany({
    where: { tenantId, deletedAt: null, status: "open", stripeSubscriptionId: { in: subscriptions.map((s) => s.stripeSubscriptionId) } },
    orderBy: [{ stripeCreatedAt: "desc" }, { id: "desc" }],
    select: { id: true, number: true, stripeSubscriptionId: true, amountRemaining: true, currency: true, dueDate: true, hostedInvoiceUrl: true },
  });
  return subscriptions.map(({ stripeSubscriptionId, amount, ...subscription }) => {
    // The newest open invoice of the subscription is the one whose payment brings it back to active.
    const invoice = openInvoices.find((candidate) => candidate.stripeSubscriptionId === stripeSubscriptionId);
    return {
      ...subscription,
      amount: toMinorUnits(amount),
      invoice: invoice
        ? { id: invoice.id, number: invoice.number, amountRemaining: toMinorUnits(invoice.amountRemaining), currency: invoice.currency, dueDate: invoice.dueDate, hostedInvoiceUrl: safeInvoiceUrl(invoice.hostedInvoiceUrl) }
        : null,
    };
  });
}

export type PastDueSubscription = Awaited<ReturnType<typeof listPastDueSubscriptionsForTenant>>[number];
