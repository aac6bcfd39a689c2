// Money at risk as shown everywhere: each currency formatted, with the invoices it is spread over
// (the words of describeMoneyAtRisk, which the alerts use).
import { Money } from "@/components/ui/money";
import { describeInvoiceCount, NOTHING_AT_RISK_TEXT } from "@/lib/dead-letters/format-money-at-risk";
import type { MoneyAtRisk } from "@/lib/dead-letters/money-at-risk";

export function MoneyAtRiskText({ money, className }: { money: MoneyAtRisk; className?: string }) {
  if (money.invoices === 0) return <span className={`text-slate-500 ${className ?? ""}`}>{NOTHING_AT_RISK_TEXT}</span>;
  if (money.amounts.length === 0) return <span className={className}>{describeInvoiceCount(money.invoices)}</span>;
  return (
    <span className={className}>
      {money.amounts.map((entry, i) => (
        <span key={entry.currency}>
          {i > 0 && " + "}
          <Money minor={entry.amount} currency={entry.currency} className="font-semibold" />
        </span>
      ))}{" "}
      on {describeInvoiceCount(money.invoices)}
    </span>
  );
}
