// Serves /billing: the signed-in tenant's invoices (staff pick a tenant with ?tenant=).
import type { Metadata } from "next";
import Link from "next/link";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { TenantPicker } from "@/components/billing/tenant-picker";
import { Money } from "@/components/ui/money";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { getBillingSummaryForTenant, listInvoicesForTenant } from "@/lib/billing/queries";
import { requirePageUser } from "@/lib/auth/session";
import { invoiceStatuses, parseInvoiceStatus } from "@/lib/billing/invoice-status";

export const metadata: Metadata = { title: "Billing" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const user = await requirePageUser("billing:view-own");
  const scope = await resolveBillingScope(user, first(params.tenant));

  if (!scope.tenant) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">Billing</h1>
        {first(params.tenant) && <p role="alert" className="text-red-700">No tenant called “{first(params.tenant)}”.</p>}
        <p className="text-slate-600">Choose a tenant to see its invoices.</p>
        <TenantPicker tenants={scope.choices ?? []} basePath="/billing" />
      </div>
    );
  }

  const status = parseInvoiceStatus(first(params.status));
  const after = first(params.after);
  const [{ invoices, nextCursor }, summary] = await Promise.all([
    listInvoicesForTenant(scope.tenant.id, { status, after }),
    getBillingSummaryForTenant(scope.tenant.id),
  ]);
  const tenantQuery = scope.choices ? `tenant=${encodeURIComponent(scope.tenant.slug)}&` : "";
  const open = summary.filter((s) => s.status === "open");

  return (
    <div className="space-y-6">
      {scope.choices && <TenantPicker tenants={scope.choices} current={scope.tenant.slug} basePath="/billing" />}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Billing</h1>
          <p className="text-slate-600">{scope.tenant.name}</p>
        </div>
        <dl className="flex gap-6 text-sm">
          {open.length === 0 ? (
            <div>
              <dt className="text-slate-500">Outstanding</dt>
              <dd className="text-lg font-semibold">Nothing due</dd>
            </div>
          ) : (
            open.map((s) => (
              <div key={s.currency}>
                <dt className="text-slate-500">Outstanding ({s.count} open)</dt>
                <dd className="text-lg font-semibold">
                  <Money minor={s.amountRemaining} currency={s.currency} />
                </dd>
              </div>
            ))
          )}
        </dl>
      </div>
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2 text-sm">
        <Link href={`/billing?${tenantQuery}`} className={!status ? "font-semibold text-indigo-700" : "text-slate-600"}>
          All
        </Link>
        {invoiceStatuses.map((s) => (
          <Link key={s} href={`/billing?${tenantQuery}status=${s}`} className={status === s ? "font-semibold text-indigo-700" : "text-slate-600"}>
            {s}
          </Link>
        ))}
      </nav>
      {invoices.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
          {status ? `No ${status} invoices.` : "No invoices yet. They appear here as soon as Stripe creates them."}
        </div>
      ) : (
        <InvoiceTable invoices={invoices} linkSuffix={scope.choices ? `?tenant=${encodeURIComponent(scope.tenant.slug)}` : ""} />
      )}
      {nextCursor && (
        <Link href={`/billing?${tenantQuery}${status ? `status=${status}&` : ""}after=${nextCursor}`} className="text-sm text-indigo-700 underline">
          Older invoices →
        </Link>
      )}
    </div>
  );
}
