// Money at risk as text, for alerts and pages: "$931.00 + €120.00 on 3 invoices".
import { formatMoney } from "@/lib/money/format-money";
import type { MoneyAtRisk } from "./money-at-risk";

export function describeMoneyAtRisk(money: MoneyAtRisk): string {
  if (money.invoices === 0) return "no invoice affected";
  const amounts = money.amounts.map(({ currency, amount }) => formatMoney(amount, currency)).join(" + ");
  const invoices = `${money.invoices.toLocaleString("en-US")} invoice${money.invoices === 1 ? "" : "s"}`;
  return amounts ? `${amounts} on ${invoices}` : invoices;
}
