import Link from "next/link";
import type { InvoiceListItem } from "@/lib/billing/queries";
import { DateText } from "@/components/ui/date-text";
import { Money } from "@/components/ui/money";
import { InvoiceStatusBadge } from "./invoice-status-badge";

export function InvoiceTable({ invoices, linkSuffix = "" }: { invoices: InvoiceListItem[]; linkSuffix?: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th className="px-4 py-2">Invoice</th>
            <th className="px-4 py-2">Period</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2 text-right">Total</th>
            <th className="px-4 py-2 text-right">Remaining</th>
            <th className="px-4 py-2">Due</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.id} data-invoice-id={invoice.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
              <td className="px-4 py-2">
                <Link href={`/billing/invoices/${invoice.id}${linkSuffix}`} className="font-medium text-indigo-700 hover:underline">
                  {invoice.number ?? "Draft"}
                </Link>
                <div className="text-xs text-slate-500">{invoice.customer.name}</div>
              </td>
              <td className="px-4 py-2">
                <DateText value={invoice.periodStart} /> – <DateText value={invoice.periodEnd} />
              </td>
              <td className="px-4 py-2">
                <InvoiceStatusBadge status={invoice.status} />
              </td>
              <td className="px-4 py-2 text-right">
                <Money minor={invoice.total} currency={invoice.currency} />
              </td>
              <td className="px-4 py-2 text-right">
                <Money minor={invoice.amountRemaining} currency={invoice.currency} />
              </td>
              <td className="px-4 py-2">
                <DateText value={invoice.dueDate} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
