// Money at risk as shown everywhere: each currency formatted, with the invoices it is spread over,
// and — when part of it is usage a failed sync left out of Stripe — the amount due and the
// unsynced usage apart (the words of describeMoneyAtRisk, which the alerts use).
import { Money } from "@/components/ui/money";
import { describeInvoiceCount, NOTHING_AT_RISK_TEXT } from "@/lib/dead-letters/format-money-at-risk";
import type { CurrencyAmount, MoneyAtRisk } from "@/lib/dead-letters/money-at-risk";

function Amounts({ amounts, strong }: { amounts: CurrencyAmount[]; strong?: boolean }) {
  return amounts.map((entry, i) => (
    <span key={entry.currency}>
      {i > 0 && " + "}
      <Money minor={entry.amount} currency={entry.currency} className={strong ? "font-semibold" : undefined} />
    </span>
  ));
}

export function MoneyAtRiskText({ money, className }: { money: MoneyAtRisk; className?: string }) {
  if (money.invoices === 0) return <span className={`text-slate-500 ${className ?? ""}`}>{NOTHING_AT_RISK_TEXT}</span>;
  if (money.amounts.length === 0) return <span className={className}>{describeInvoiceCount(money.invoices)}</span>;
  return (
    <span className={className}>
      <Amounts amounts={money.amounts} strong /> on {describeInvoiceCount(money.invoices)}
      {money.unsyncedUsage.length > 0 && (
        <span data-testid="money-at-risk-kinds">
          {" ("}
          {money.amountDue.length > 0 && (
            <>
              amount due <Amounts amounts={money.amountDue} />;{" "}
            </>
          )}
          unsynced usage <Amounts amounts={money.unsyncedUsage} />)
        </span>
      )}
    </span>
  );
}
