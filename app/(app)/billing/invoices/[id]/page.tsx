// Serves /billing/invoices/[id]: one invoice, its lines, payment links, what went back from it and
// its event history. The header (status, totals, links) and the refunds, credits and disputes
// render at once and stay live (a payment shows, and Pay now goes away, and a refund or dispute
// after payment appears, without a reload); the lines and the history stream in.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { LiveInvoiceActions, LiveInvoiceAmount, LiveReturnedMoney } from "@/components/billing/live-invoice";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { Money } from "@/components/ui/money";
import { listAuditEventsForEntity } from "@/lib/audit/queries";
import { requirePageUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { toLiveInvoice, type LiveInvoice } from "@/lib/billing/live-invoice";
import { getInvoiceHeaderForTenant, listInvoiceLinesForTenant } from "@/lib/billing/queries";

export const metadata: Metadata = { title: "Invoice" };

async function InvoiceLines({ tenantId, invoice, query }: { tenantId: string; invoice: LiveInvoice; query: string }) {
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
        { label: "Total", value: <LiveInvoiceAmount initial={invoice} query={query} field="total" />, strong: true },
        { label: "Paid", value: <LiveInvoiceAmount initial={invoice} query={query} field="amountPaid" /> },
        { label: "Remaining", value: <LiveInvoiceAmount initial={invoice} query={query} field="amountRemaining" />, strong: true },
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
  // Staff poll the tenant they picked; a customer's tenant is their own.
  const liveQuery = scope.choices ? `tenant=${encodeURIComponent(scope.tenant.slug)}` : "";
  const live = toLiveInvoice(invoice);

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
        <LiveInvoiceActions initial={live} query={liveQuery} />
      </div>

      <section aria-label="Lines">
        <Suspense fallback={<SectionSkeleton label="Loading the invoice lines" />}>
          <InvoiceLines tenantId={scope.tenant.id} invoice={live} query={liveQuery} />
        </Suspense>
      </section>

      <LiveReturnedMoney initial={live} query={liveQuery} />

      <section>
        <h2 className="mb-2 text-lg font-semibold">History</h2>
        <Suspense fallback={<SectionSkeleton label="Loading the history" rows={3} />}>
          <InvoiceEvents tenantId={scope.tenant.id} invoiceId={invoice.id} />
        </Suspense>
      </section>
    </div>
  );
}
