// Money at risk as text, for alerts and pages: "$931.00 + €120.00 on 3 invoices". The issue
// pages render the same words (components/support/money-at-risk.tsx), amounts as <Money>.
import { formatMoney } from "@/lib/money/format-money";
import type { MoneyAtRisk } from "./money-at-risk";

export const NOTHING_AT_RISK_TEXT = "no invoice affected";

/** "1 invoice", "1,204 invoices". */
export function describeInvoiceCount(invoices: number): string {
  return `${invoices.toLocaleString("en-US")} invoice${invoices === 1 ? "" : "s"}`;
}

export function describeMoneyAtRisk(money: MoneyAtRisk): string {
  if (money.invoices === 0) return NOTHING_AT_RISK_TEXT;
  const amounts = money.amounts.map(({ currency, amount }) => formatMoney(amount, currency)).join(" + ");
  const invoices = describeInvoiceCount(money.invoices);
  return amounts ? `${amounts} on ${invoices}` : invoices;
}
