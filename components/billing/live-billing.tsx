"use client";
// The live part of /billing: polls GET /api/billing/invoices so statuses, the running total and
// "synced N seconds ago" update without a reload. Starts from the server-rendered data.
import { useQuery } from "@tanstack/react-query";
import { CurrentPeriod } from "@/components/usage/current-period";
import { SyncedAgo } from "@/components/usage/synced-ago";
import type { BillingView } from "@/lib/billing/billing-view";
import { InvoiceTable } from "./invoice-table";
import { PastDueNotice } from "./past-due-notice";
import { PortalButton } from "./portal-button";

const POLL_MS = 5_000;

/** Dates arrive as strings over JSON; the table wants Dates. */
function reviveInvoices(view: BillingView): BillingView["invoices"] {
  return view.invoices.map((i) => ({
    ...i,
    periodStart: new Date(i.periodStart),
    periodEnd: new Date(i.periodEnd),
    dueDate: i.dueDate ? new Date(i.dueDate) : null,
    overdueSince: i.overdueSince ? new Date(i.overdueSince) : null,
    stripeCreatedAt: new Date(i.stripeCreatedAt),
    updatedAt: new Date(i.updatedAt),
  }));
}

export function LiveBilling({ initial, query, linkSuffix, tenantId }: { initial: BillingView; query: string; linkSuffix: string; tenantId: string }) {
  const { data } = useQuery({
    queryKey: ["billing-view", query],
    queryFn: async (): Promise<BillingView> => {
      const response = await fetch(`/api/billing/invoices?${query}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`billing view: ${response.status}`);
      return (await response.json()) as BillingView;
    },
    initialData: initial,
    refetchInterval: POLL_MS,
  });
  const view = data ?? initial;
  const lastSyncedAt = view.sync.lastSyncedAt ? new Date(view.sync.lastSyncedAt).toISOString() : null;
  const firstCustomer = view.currentPeriod[0]?.customer;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SyncedAgo lastSyncedAt={lastSyncedAt} lastError={view.sync.lastError} />
        {firstCustomer && view.currentPeriod[0] && <PortalButton tenantId={tenantId} customerId={view.currentPeriod[0].customerId} />}
      </div>
      <PastDueNotice subscriptions={view.pastDueSubscriptions} linkSuffix={linkSuffix} />
      <section>
        <h2 className="mb-2 text-lg font-semibold">Current period</h2>
        <CurrentPeriod invoices={view.currentPeriod} />
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Invoice history</h2>
        <InvoiceTable invoices={reviveInvoices(view)} linkSuffix={linkSuffix} />
      </section>
    </div>
  );
}
