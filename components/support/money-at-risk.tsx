// Money at risk as shown everywhere: each currency formatted, with the invoices it is spread over.
import { Money } from "@/components/ui/money";
import type { MoneyAtRisk } from "@/lib/dead-letters/money-at-risk";

export function MoneyAtRiskText({ money, className }: { money: MoneyAtRisk; className?: string }) {
  if (money.invoices === 0) return <span className={`text-slate-500 ${className ?? ""}`}>no invoice affected</span>;
  return (
    <span className={className}>
      {money.amounts.map((entry, i) => (
        <span key={entry.currency}>
          {i > 0 && " + "}
          <Money minor={entry.amount} currency={entry.currency} className="font-semibold" />
        </span>
      ))}{" "}
      on {money.invoices.toLocaleString("en-US")} invoice{money.invoices === 1 ? "" : "s"}
    </span>
  );
}
