// Serves /billing: the signed-in tenant's current period, invoice history and live status (staff
// pick a tenant with ?tenant=). The header renders at once; the outstanding figures and the
// invoices stream in from local data. A Stripe sync is asked for after the response is sent.
import type { Metadata } from "next";
import Link from "next/link";
import { after } from "next/server";
import { Suspense } from "react";
import { LiveBilling } from "@/components/billing/live-billing";
import { TenantPicker } from "@/components/billing/tenant-picker";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { Money } from "@/components/ui/money";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { loadBillingView } from "@/lib/billing/billing-view";
import { requirePageUser } from "@/lib/auth/session";
import { isInvoiceCursor } from "@/lib/billing/invoice-cursor";
import { invoiceStatuses, parseInvoiceStatus } from "@/lib/billing/invoice-status";
import { getBillingSummaryForTenant } from "@/lib/billing/queries";
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { requestTenantSync } from "@/lib/billing-sync/request-sync";
import { PendingUsage } from "@/components/usage/pending-usage";
import { listPendingUsageForTenant } from "@/lib/usage/queries";

export const metadata: Metadata = { title: "Billing" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What the tenant owes now, per currency. */
async function OutstandingSummary({ tenantId }: { tenantId: string }) {
  const open = (await getBillingSummaryForTenant(tenantId)).filter((s) => s.status === "open");
  return (
    <dl className="flex flex-wrap gap-6 text-sm">
      {open.length === 0 ? (
        <div>
          <dt className="text-slate-600">Outstanding</dt>
          <dd className="text-lg font-semibold">Nothing due</dd>
        </div>
      ) : (
        open.map((s) => (
          <div key={s.currency}>
            <dt className="text-slate-600">Outstanding ({s.count} open)</dt>
            <dd className="text-lg font-semibold">
              <Money minor={s.amountRemaining} currency={s.currency} />
            </dd>
          </div>
        ))
      )}
    </dl>
  );
}

/** Usage waiting for a customer's next draft invoice (nothing when there is none). */
async function UsageForNextInvoice({ tenantId }: { tenantId: string }) {
  return <PendingUsage pending={await listPendingUsageForTenant(tenantId)} />;
}

/** The current period and one page of invoice history, kept live by polling. */
async function BillingActivity({ tenantId, status, after: cursor, tenantQuery, linkSuffix }: { tenantId: string; status?: InvoiceStatus; after?: string; tenantQuery: string; linkSuffix: string }) {
  const view = await loadBillingView(tenantId, { status, after: cursor });
  const statusQuery = status ? `status=${status}&` : "";
  return (
    <>
      <LiveBilling initial={view} tenantId={tenantId} query={`${tenantQuery}${statusQuery}${cursor ? `after=${encodeURIComponent(cursor)}` : ""}`} linkSuffix={linkSuffix} />
      {view.nextCursor && (
        <Link href={`/billing?${tenantQuery}${statusQuery}after=${view.nextCursor}`} className="text-sm text-indigo-700 underline">
          Older invoices →
        </Link>
      )}
    </>
  );
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

  const tenant = scope.tenant;
  const status = parseInvoiceStatus(first(params.status));
  const requestedAfter = first(params.after) || undefined;
  // A broken page link shows the first page, and says so, instead of failing the page.
  const brokenPageLink = requestedAfter !== undefined && !isInvoiceCursor(requestedAfter);
  const cursor = brokenPageLink ? undefined : requestedAfter;
  // The page never waits for Stripe: the sync is asked for once the response is on its way, and
  // the next poll shows its result.
  after(() => requestTenantSync(tenant.id, "billing-page"));
  const tenantQuery = scope.choices ? `tenant=${encodeURIComponent(tenant.slug)}&` : "";
  const linkSuffix = scope.choices ? `?tenant=${encodeURIComponent(tenant.slug)}` : "";

  return (
    <div className="space-y-6">
      {scope.choices && <TenantPicker tenants={scope.choices} current={tenant.slug} basePath="/billing" />}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">Billing</h1>
          <p className="text-slate-600">{tenant.name}</p>
        </div>
        <Suspense fallback={<div className="h-12 w-40 animate-pulse rounded bg-slate-100" role="status" aria-label="Loading the amount due" />}>
          <OutstandingSummary tenantId={tenant.id} />
        </Suspense>
      </div>
      {brokenPageLink && (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          That page link is not valid, so this is the first page of invoices.
        </p>
      )}
      <nav aria-label="Filter by status" className="flex flex-wrap gap-x-3 gap-y-2 text-sm">
        <Link href={`/billing?${tenantQuery}`} aria-current={!status ? "page" : undefined} className={!status ? "font-semibold text-indigo-700" : "text-slate-600"}>
          All
        </Link>
        {invoiceStatuses.map((s) => (
          <Link key={s} href={`/billing?${tenantQuery}status=${s}`} aria-current={status === s ? "page" : undefined} className={status === s ? "font-semibold text-indigo-700" : "text-slate-600"}>
            {s}
          </Link>
        ))}
        <Link href={`/billing/api-keys${linkSuffix}`} className="ml-auto text-slate-600 underline">
          API keys
        </Link>
      </nav>
      <Suspense fallback={null}>
        <UsageForNextInvoice tenantId={tenant.id} />
      </Suspense>
      <Suspense key={`${status ?? ""}:${cursor ?? ""}`} fallback={<SectionSkeleton label="Loading invoices" rows={6} />}>
        <BillingActivity tenantId={tenant.id} status={status} after={cursor} tenantQuery={tenantQuery} linkSuffix={linkSuffix} />
      </Suspense>
    </div>
  );
}
