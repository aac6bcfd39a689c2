// Serves /billing/invoices/[id]: one invoice, its lines, payment links and its event history.
// The header (status, totals, links) renders at once; the lines and the history stream in.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { InvoiceStatusBadge } from "@/components/billing/invoice-status-badge";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { Money } from "@/components/ui/money";
import { listAuditEventsForEntity } from "@/lib/audit/queries";
import { requirePageUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { getInvoiceHeaderForTenant, listInvoiceLinesForTenant } from "@/lib/billing/queries";

export const metadata: Metadata = { title: "Invoice" };

type InvoiceTotals = { currency: string; total: number; amountPaid: number; amountRemaining: number };

async function InvoiceLines({ tenantId, invoice }: { tenantId: string; invoice: InvoiceTotals & { id: string } }) {
  const lines = await listInvoiceLinesForTenant(tenantId, invoice.id);
  return (
    <DataTable
      caption="Invoice lines"
      rows={lines}
      rowKey={(line) => line.id}
      columns={[
        { header: "Description", cell: (line) => line.description },
        { header: "Quantity", align: "right", className: "tabular-nums", cell: (line) => line.quantity.toLocaleString("en-US") },
        { header: "Unit price", align: "right", cell: (line) => <Money minor={line.unitAmount} currency={line.currency} /> },
        { header: "Amount", align: "right", cell: (line) => <Money minor={line.amount} currency={line.currency} /> },
      ]}
      totals={[
        { label: "Total", value: <Money minor={invoice.total} currency={invoice.currency} />, strong: true },
        { label: "Paid", value: <Money minor={invoice.amountPaid} currency={invoice.currency} /> },
        { label: "Remaining", value: <Money minor={invoice.amountRemaining} currency={invoice.currency} />, strong: true },
      ]}
    />
  );
}

async function InvoiceEvents({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  return <InvoiceHistory events={await listAuditEventsForEntity(tenantId, "invoice", invoiceId)} />;
}

export default async function InvoicePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const user = await requirePageUser("billing:view-own");
  const scope = await resolveBillingScope(user, typeof query.tenant === "string" ? query.tenant : undefined);
  if (!scope.tenant) notFound();
  const invoice = await getInvoiceHeaderForTenant(scope.tenant.id, id);
  if (!invoice) notFound();
  const back = scope.choices ? `/billing?tenant=${encodeURIComponent(scope.tenant.slug)}` : "/billing";

  return (
    <div className="space-y-6">
      <Link href={back} className="text-sm text-indigo-700 hover:underline">
        ← All invoices
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">Invoice {invoice.number ?? "(draft)"}</h1>
          <p className="text-slate-600">
            {invoice.customer.name} · <DateText value={invoice.periodStart} /> – <DateText value={invoice.periodEnd} />
          </p>
        </div>
        <div className="flex items-center gap-3">
          <InvoiceStatusBadge status={invoice.status} />
          {invoice.status === "open" && invoice.hostedInvoiceUrl && (
            <a href={invoice.hostedInvoiceUrl} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
              Pay now
            </a>
          )}
          {invoice.invoicePdfUrl && (
            <a href={invoice.invoicePdfUrl} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
              PDF
            </a>
          )}
        </div>
      </div>

      <section aria-label="Lines">
        <Suspense fallback={<SectionSkeleton label="Loading the invoice lines" />}>
          <InvoiceLines tenantId={scope.tenant.id} invoice={invoice} />
        </Suspense>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">History</h2>
        <Suspense fallback={<SectionSkeleton label="Loading the history" rows={3} />}>
          <InvoiceEvents tenantId={scope.tenant.id} invoiceId={invoice.id} />
        </Suspense>
      </section>
    </div>
  );
}
