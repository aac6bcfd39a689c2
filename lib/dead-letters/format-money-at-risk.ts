// Money at risk as text, for alerts and pages: "$931.00 + €120.00 on 3 invoices", and when part of
// it is usage a failed sync left out of Stripe, the two kinds after it: "(amount due $931.00 + €0.00;
// unsynced usage €120.00)". The issue pages render the same words (components/support/money-at-risk.tsx),
// amounts as <Money>.
import { formatMoney } from "@/lib/money/format-money";
import type { CurrencyAmount, MoneyAtRisk } from "./money-at-risk";

export const NOTHING_AT_RISK_TEXT = "no invoice affected";

/** "1 invoice", "1,204 invoices". */
export function describeInvoiceCount(invoices: number): string {
  return `${invoices.toLocaleString("en-US")} invoice${invoices === 1 ? "" : "s"}`;
}

function describeAmounts(amounts: CurrencyAmount[]): string {
  return amounts.map(({ currency, amount }) => formatMoney(amount, currency)).join(" + ");
}

export function describeMoneyAtRisk(money: MoneyAtRisk): string {
  if (money.invoices === 0) return NOTHING_AT_RISK_TEXT;
  const amounts = describeAmounts(money.amounts);
  const invoices = describeInvoiceCount(money.invoices);
  if (!amounts) return invoices;
  if (money.unsyncedUsage.length === 0) return `${amounts} on ${invoices}`;
  const due = describeAmounts(money.amountDue);
  const kinds = [due && `amount due ${due}`, `unsynced usage ${describeAmounts(money.unsyncedUsage)}`].filter(Boolean).join("; ");
  return `${amounts} on ${invoices} (${kinds})`;
}
