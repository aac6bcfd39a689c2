// Serves /support/invoices: draft invoices support can intervene on before finalization (?tenant= filters);
// drafts whose compiled sync keeps failing first.
import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { Money } from "@/components/ui/money";
import { DateText } from "@/components/ui/date-text";
import { requirePageUser } from "@/lib/auth/session";
import { listDraftInvoices } from "@/lib/invoices/draft-queries";
import { getTenantBySlug } from "@/lib/tenants/queries";

export const metadata: Metadata = { title: "Draft invoices" };

export default async function SupportDraftsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("support:view");
  const { tenant: slug } = await searchParams;
  const tenant = typeof slug === "string" ? await getTenantBySlug(slug) : null;
  const drafts = await listDraftInvoices(tenant?.id);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Draft invoices{tenant ? ` · ${tenant.name}` : ""}</h1>
      <DataTable
        caption="Draft invoices"
        rows={drafts}
        rowKey={(d) => d.id}
        empty="No draft invoices."
        columns={[
          { header: "Customer", cell: (d) => <Link href={`/support/invoices/${d.id}`} className="text-indigo-700 hover:underline">{d.customer.name ?? d.stripeInvoiceId}</Link> },
          { header: "Tenant", cell: (d) => <Link href={`/support/invoices?tenant=${encodeURIComponent(d.tenant.slug)}`} className="text-indigo-700 hover:underline">{d.tenant.name}</Link> },
          { header: "Period end", className: "whitespace-nowrap", cell: (d) => <DateText value={d.periodEnd} /> },
          { header: "Stripe total", align: "right", cell: (d) => <Money minor={d.total} currency={d.currency} /> },
          {
            header: "Sync",
            className: "text-xs",
            cell: (d) => (
              <>
                {d.state?.held && <span className="mr-1 rounded bg-amber-100 px-1 text-amber-800">held</span>}
                {d.state?.localChangePending && <span className="mr-1 rounded bg-indigo-100 px-1 text-indigo-800">change pending</span>}
                {d.state?.lastSyncError && <span className="text-red-700">{d.state.lastSyncError}</span>}
                {d.state && d.state.consecutiveSyncFailures > 0 && (
                  <span className="block text-red-700">
                    failed {d.state.consecutiveSyncFailures}× in a row{d.state.syncFailingSince && <> since <DateText value={d.state.syncFailingSince} withTime /></>}
                  </span>
                )}
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
