import Link from "next/link";
import type { InvoiceListItem } from "@/lib/billing/queries";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { Money } from "@/components/ui/money";
import { InvoiceStatusBadge } from "./invoice-status-badge";
import { ReturnedMoneyBadge } from "./returned-money";

export function InvoiceTable({ invoices, linkSuffix = "" }: { invoices: InvoiceListItem[]; linkSuffix?: string }) {
  return (
    <DataTable
      caption="Invoice history"
      rows={invoices}
      rowKey={(invoice) => invoice.id}
      rowData={(invoice) => ({ "invoice-id": invoice.id })}
      empty="No invoices yet. They appear here as soon as Stripe creates them."
      columns={[
        {
          header: "Invoice",
          cell: (invoice) => (
            <>
              <Link href={`/billing/invoices/${invoice.id}${linkSuffix}`} className="whitespace-nowrap font-medium text-indigo-700 hover:underline">
                {invoice.number ?? "Draft"}
              </Link>
              <div className="text-xs text-slate-600">{invoice.customer.name}</div>
            </>
          ),
        },
        { header: "Period", className: "whitespace-nowrap", cell: (invoice) => <><DateText value={invoice.periodStart} /> – <DateText value={invoice.periodEnd} /></> },
        {
          header: "Status",
          cell: (invoice) => (
            <>
              <InvoiceStatusBadge status={invoice.status} />
              <ReturnedMoneyBadge returned={invoice.returned} currency={invoice.currency} />
              {invoice.overdueSince && (
                <div className="mt-1 text-xs font-medium text-red-800">
                  Overdue since <DateText value={invoice.overdueSince} />
                </div>
              )}
              {invoice.paymentActionRequired && invoice.hostedInvoiceUrl && (
                <div className="mt-1 text-xs text-amber-900">
                  Authentication needed:{" "}
                  <a href={invoice.hostedInvoiceUrl} className="font-medium underline">
                    complete the payment
                  </a>
                </div>
              )}
            </>
          ),
        },
        { header: "Total", align: "right", cell: (invoice) => <Money minor={invoice.total} currency={invoice.currency} /> },
        { header: "Remaining", align: "right", cell: (invoice) => <Money minor={invoice.amountRemaining} currency={invoice.currency} /> },
        { header: "Due", className: "whitespace-nowrap", cell: (invoice) => <DateText value={invoice.dueDate} /> },
      ]}
    />
  );
}
