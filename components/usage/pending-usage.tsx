// Usage recorded for customers who have no draft invoice yet: shown as usage to date, as of the
// moment it was read, until the next draft takes it.
import { DateText } from "@/components/ui/date-text";
import { Money } from "@/components/ui/money";
import type { PendingUsage as PendingUsageData } from "@/lib/usage/queries";

export function PendingUsage({ pending }: { pending: PendingUsageData }) {
  if (pending.lines.length === 0) return null;
  return (
    <section aria-label="Usage for the next invoice" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">Usage for the next invoice</h2>
      <p className="text-xs text-slate-500">
        Recorded while no invoice was open; it is added to the customer&apos;s next draft invoice. Usage to date as of <DateText value={pending.asOf} withTime /> UTC.
      </p>
      <table className="mt-3 w-full text-sm">
        <tbody>
          {pending.lines.map((line) => (
            <tr key={`${line.customer}:${line.line}:${line.unitAmount}`} className="border-t border-slate-100">
              <td className="py-1">{line.customerName ?? line.customer}</td>
              <td className="py-1">{line.description}</td>
              <td className="py-1 text-right tabular-nums">
                {line.quantity.toLocaleString("en-US")} × {line.currency ? <Money minor={line.unitAmount} currency={line.currency} /> : `${line.unitAmount} (minor units)`}
              </td>
              <td className="py-1 text-right">{line.currency ? <Money minor={line.quantity * line.unitAmount} currency={line.currency} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
