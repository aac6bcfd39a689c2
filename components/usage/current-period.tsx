// The current period's draft invoices with their running lines (pending usage marked).
import type { ReactNode } from "react";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";
import { Money } from "@/components/ui/money";
import type { RunningLine } from "@/lib/usage/running-total";

export interface CurrentPeriodCard {
  id: string;
  currency: string;
  periodStart: Date | string;
  periodEnd: Date | string;
  total: number;
  pendingAmount: number;
  held: boolean;
  customer: { name: string | null };
  lines: RunningLine[];
}

export function CurrentPeriod({ invoices, actions }: { invoices: CurrentPeriodCard[]; actions?: (invoice: CurrentPeriodCard) => ReactNode }) {
  if (invoices.length === 0) return <EmptyState variant="inline">No open billing period.</EmptyState>;
  return (
    <div className="space-y-4">
      {invoices.map((invoice) => (
        <section key={invoice.id} aria-label="Current period" className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <div>
              <h3 className="font-semibold">{invoice.customer.name ?? "Current period"}</h3>
              <p className="text-xs text-slate-500">
                <DateText value={invoice.periodStart} /> – <DateText value={invoice.periodEnd} /> · upcoming invoice, finalized at period end
                {invoice.held && <span className="ml-2 rounded bg-amber-100 px-1.5 text-amber-800">on hold</span>}
              </p>
            </div>
            <div className="text-right">
              <div className="text-xs text-slate-500">Running total</div>
              <Money minor={invoice.total} currency={invoice.currency} className="text-xl font-semibold" />
              {invoice.pendingAmount !== 0 && (
                <div className="text-xs text-slate-500">
                  incl. <Money minor={invoice.pendingAmount} currency={invoice.currency} /> not yet in Stripe
                </div>
              )}
            </div>
          </div>
          <table className="mt-3 w-full text-sm">
            <tbody>
              {invoice.lines.map((line) => (
                <tr key={line.id} className="border-t border-slate-100">
                  <td className="py-1">{line.description}</td>
                  <td className="py-1 text-right tabular-nums">
                    {line.quantity.toLocaleString("en-US")} × <Money minor={line.unitAmount} currency={invoice.currency} />
                    {line.pendingQuantity !== 0 && <span className="ml-1 text-xs text-slate-500">({line.pendingQuantity > 0 ? "+" : ""}{line.pendingQuantity} pending)</span>}
                  </td>
                  <td className="py-1 text-right">
                    <Money minor={line.amount} currency={invoice.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {actions?.(invoice)}
        </section>
      ))}
    </div>
  );
}
