// What went back from an invoice, as the customer sees it: a badge with its state (refunded,
// partially refunded, credited, disputed…) and the net it kept, and the list of each refund,
// credit note and dispute with its reason.
import { DateText } from "@/components/ui/date-text";
import { Money } from "@/components/ui/money";
import { returnedStateLabels, type ReturnedMoney, type ReturnedState } from "@/lib/money-returned/returned-money";

const styles: Record<ReturnedState, string> = {
  refunded: "bg-sky-100 text-sky-900",
  partially_refunded: "bg-sky-50 text-sky-900",
  credited: "bg-violet-100 text-violet-900",
  disputed: "bg-orange-100 text-orange-900",
  dispute_lost: "bg-red-100 text-red-800",
  dispute_won: "bg-emerald-50 text-emerald-900",
};

export function ReturnedMoneyBadge({ returned, currency }: { returned: ReturnedMoney | null; currency: string }) {
  if (!returned?.state) return null;
  return (
    <div className="mt-1 text-xs">
      <span data-returned={returned.state} className={`inline-block rounded px-2 py-0.5 font-medium ${styles[returned.state]}`}>
        {returnedStateLabels[returned.state]}
      </span>{" "}
      <span className="text-slate-700">
        net <Money minor={returned.net} currency={currency} />
      </span>
    </div>
  );
}

export function ReturnedMoneyList({ returned, currency }: { returned: ReturnedMoney; currency: string }) {
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-slate-200 rounded border border-slate-200">
        {returned.items.map((item) => (
          <li key={item.stripeId} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2 text-sm">
            <span>
              <span className="font-medium capitalize">{item.label}</span>
              {item.reason && <span className="text-slate-600"> · {item.reason}</span>}
              <span className="text-slate-500">
                {" "}
                · <DateText value={item.at} />
              </span>
            </span>
            <Money minor={item.amount} currency={currency} />
          </li>
        ))}
      </ul>
      <p className="text-sm">
        Net kept after refunds, credits and lost disputes: <strong><Money minor={returned.net} currency={currency} /></strong>
      </p>
    </div>
  );
}
