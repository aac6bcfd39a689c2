// Applies Stripe `charge.refunded` to the invoice the charge paid: its history notes that the payment
// was refunded, and how much in all. The amounts come from the refund events, except that API
// versions before 2022-11-15 embed the charge's refunds: each is stored as its own refund event
// would store it (one row per refund id, so a later refund event updates it and never adds to it).
// A first page of them is refused: the process completes the list from Stripe before applying.
import type { Prisma } from "@/lib/db/generated/client";
import type { StripeCharge } from "@/lib/stripe/money-returned-schemas";
import { chargeRefunds } from "@/lib/stripe/read-stripe-fields";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { applyToInvoice, type MoneyReturnedApplyResult } from "./apply-to-invoice";
import { writeStripeRefund } from "./apply-stripe-refund";
import { assertCompleteRefunds } from "./complete-charge-refunds";

export async function applyStripeChargeRefunded(charge: StripeCharge, stripeInvoiceId: string, change: StripeChange): Promise<MoneyReturnedApplyResult> {
  assertCompleteRefunds(charge);
  return applyToInvoice(stripeInvoiceId, change, async (tx, invoice) => {
    const refunds: Prisma.InputJsonObject[] = [];
    for (const refund of chargeRefunds(charge)) {
      const written = await writeStripeRefund(tx, invoice, refund, change);
      refunds.push(written === "stale" ? { stripeRefundId: refund.id, stale: true } : written.audit);
    }
    const fullyRefunded = charge.refunded ?? charge.amount_refunded >= charge.amount;
    return { audit: { chargeId: charge.id, amount: charge.amount, amountRefunded: charge.amount_refunded, currency: charge.currency, fullyRefunded, ...(refunds.length > 0 ? { refunds } : {}) } };
  });
}
