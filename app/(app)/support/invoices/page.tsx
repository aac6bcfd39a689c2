// Serves /support/invoices: draft invoices support can intervene on before finalization (?tenant= filters).
import type { Metadata } from "next";
import Link from "next/link";
import { Money } from "@/components/ui/money";
import { DateText } from "@/components/ui/date-text";
import { requirePageUser } from "@/lib/auth/session";
import { listDraftInvoices } from "@/lib/billing/draft-queries";
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
      {drafts.length === 0 ? (
        <p className="text-slate-600">No draft invoices.</p>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="border-b bg-slate-50 text-xs uppercase text-slate-500">
            <tr><th className="px-3 py-2">Customer</th><th className="px-3 py-2">Tenant</th><th className="px-3 py-2">Period end</th><th className="px-3 py-2 text-right">Stripe total</th><th className="px-3 py-2">Sync</th></tr>
          </thead>
          <tbody>
            {drafts.map((d) => (
              <tr key={d.id} className="border-b border-slate-100">
                <td className="px-3 py-2"><Link href={`/support/invoices/${d.id}`} className="text-indigo-700 hover:underline">{d.customer.name ?? d.stripeInvoiceId}</Link></td>
                <td className="px-3 py-2"><Link href={`/support/invoices?tenant=${encodeURIComponent(d.tenant.slug)}`}>{d.tenant.name}</Link></td>
                <td className="px-3 py-2"><DateText value={d.periodEnd} /></td>
                <td className="px-3 py-2 text-right"><Money minor={d.total} currency={d.currency} /></td>
                <td className="px-3 py-2 text-xs">
                  {d.state?.held && <span className="mr-1 rounded bg-amber-100 px-1 text-amber-800">held</span>}
                  {d.state?.localChangePending && <span className="mr-1 rounded bg-indigo-100 px-1 text-indigo-800">change pending</span>}
                  {d.state?.lastSyncError && <span className="text-red-700">{d.state.lastSyncError}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
