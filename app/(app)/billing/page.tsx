// Serves /billing: the signed-in tenant's current period, invoice history and live status (staff
// pick a tenant with ?tenant=). Renders from local data only; asks for a Stripe sync on the side.
import type { Metadata } from "next";
import Link from "next/link";
import { LiveBilling } from "@/components/billing/live-billing";
import { TenantPicker } from "@/components/billing/tenant-picker";
import { QueryProvider } from "@/components/providers/query-provider";
import { Money } from "@/components/ui/money";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { loadBillingView } from "@/lib/billing/billing-view";
import { requirePageUser } from "@/lib/auth/session";
import { isInvoiceCursor } from "@/lib/billing/invoice-cursor";
import { invoiceStatuses, parseInvoiceStatus } from "@/lib/billing/invoice-status";
import { requestTenantSync } from "@/lib/sync/request-sync";

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
  const requestedAfter = first(params.after) || undefined;
  // A broken page link shows the first page, and says so, instead of failing the page.
  const brokenPageLink = requestedAfter !== undefined && !isInvoiceCursor(requestedAfter);
  const after = brokenPageLink ? undefined : requestedAfter;
  // Fire-and-forget: the page never waits for Stripe; the next poll shows the result.
  requestTenantSync(scope.tenant.id, "billing-page");
  const view = await loadBillingView(scope.tenant.id, { status, after });
  const { nextCursor, summary } = view;
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
      {brokenPageLink && (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          That page link is not valid, so this is the first page of invoices.
        </p>
      )}
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2 text-sm">
        <Link href={`/billing?${tenantQuery}`} className={!status ? "font-semibold text-indigo-700" : "text-slate-600"}>
          All
        </Link>
        {invoiceStatuses.map((s) => (
          <Link key={s} href={`/billing?${tenantQuery}status=${s}`} className={status === s ? "font-semibold text-indigo-700" : "text-slate-600"}>
            {s}
          </Link>
        ))}
        <Link href={`/billing/api-keys${scope.choices ? `?tenant=${encodeURIComponent(scope.tenant.slug)}` : ""}`} className="ml-auto text-slate-600 underline">
          API keys
        </Link>
      </nav>
      <QueryProvider>
        <LiveBilling
          initial={view}
          tenantId={scope.tenant.id}
          query={`${tenantQuery}${status ? `status=${status}&` : ""}${after ? `after=${encodeURIComponent(after)}` : ""}`}
          linkSuffix={scope.choices ? `?tenant=${encodeURIComponent(scope.tenant.slug)}` : ""}
        />
      </QueryProvider>
      {nextCursor && (
        <Link href={`/billing?${tenantQuery}${status ? `status=${status}&` : ""}after=${nextCursor}`} className="text-sm text-indigo-700 underline">
          Older invoices →
        </Link>
      )}
    </div>
  );
}
