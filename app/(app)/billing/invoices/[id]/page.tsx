// Serves /billing/invoices/[id]: one invoice, its lines, payment links and its event history.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InvoiceStatusBadge } from "@/components/billing/invoice-status-badge";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { DateText } from "@/components/ui/date-text";
import { Money } from "@/components/ui/money";
import { listAuditEventsForEntity } from "@/lib/audit/queries";
import { requirePageUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { getInvoiceForTenant } from "@/lib/billing/queries";

export const metadata: Metadata = { title: "Invoice" };

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
  const invoice = await getInvoiceForTenant(scope.tenant.id, id);
  if (!invoice) notFound();
  const history = await listAuditEventsForEntity(scope.tenant.id, "invoice", invoice.id);
  const back = scope.choices ? `/billing?tenant=${encodeURIComponent(scope.tenant.slug)}` : "/billing";

  return (
    <div className="space-y-6">
      <Link href={back} className="text-sm text-indigo-700 hover:underline">
        ← All invoices
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
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

      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-2">Description</th>
              <th className="px-4 py-2 text-right">Quantity</th>
              <th className="px-4 py-2 text-right">Unit price</th>
              <th className="px-4 py-2 text-right">Amount</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lineItems.map((line) => (
              <tr key={line.id} className="border-b border-slate-100">
                <td className="px-4 py-2">{line.description}</td>
                <td className="px-4 py-2 text-right tabular-nums">{line.quantity.toLocaleString("en-US")}</td>
                <td className="px-4 py-2 text-right">
                  <Money minor={line.unitAmount} currency={line.currency} />
                </td>
                <td className="px-4 py-2 text-right">
                  <Money minor={line.amount} currency={line.currency} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot className="text-sm">
            <tr>
              <td colSpan={3} className="px-4 py-2 text-right text-slate-500">Total</td>
              <td className="px-4 py-2 text-right font-semibold">
                <Money minor={invoice.total} currency={invoice.currency} />
              </td>
            </tr>
            <tr>
              <td colSpan={3} className="px-4 py-2 text-right text-slate-500">Paid</td>
              <td className="px-4 py-2 text-right">
                <Money minor={invoice.amountPaid} currency={invoice.currency} />
              </td>
            </tr>
            <tr>
              <td colSpan={3} className="px-4 py-2 text-right text-slate-500">Remaining</td>
              <td className="px-4 py-2 text-right font-semibold">
                <Money minor={invoice.amountRemaining} currency={invoice.currency} />
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">History</h2>
        <InvoiceHistory events={history} />
      </section>
    </div>
  );
}
