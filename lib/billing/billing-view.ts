// Everything the customer billing view shows, from local data only (one function for the page
// and its JSON polling route): invoice history, outstanding summary, the current period's
// running lines, and when billing last synced with Stripe. Never waits for Stripe.
import "server-only";
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { getTenantSyncStatus } from "@/lib/billing-sync/queries";
import { getCurrentPeriodForTenant } from "@/lib/usage/queries";
import { listPastDueSubscriptionsForTenant } from "./past-due-subscriptions";
import { getBillingSummaryForTenant, listInvoicesForTenant } from "./queries";

export async function loadBillingView(tenantId: string, filter: { status?: InvoiceStatus; after?: string } = {}) {
  const [history, summary, currentPeriod, sync, pastDueSubscriptions] = await Promise.all([
    listInvoicesForTenant(tenantId, filter),
    getBillingSummaryForTenant(tenantId),
    getCurrentPeriodForTenant(tenantId),
    getTenantSyncStatus(tenantId),
    listPastDueSubscriptionsForTenant(tenantId),
  ]);
  return { ...history, summary, currentPeriod, sync, pastDueSubscriptions };
}

export type BillingView = Awaited<ReturnType<typeof loadBillingView>>;
