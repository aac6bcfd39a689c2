// Reads an invoice from Stripe (API or simulator) with all of its lines and its payments, and
// validates it. The payments are remembered, so their refunds and disputes link to the invoice
// without another call (the invoice's own events may never have said it was paid).
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { recordInvoicePaymentLinks } from "@/lib/money-returned/invoice-payment-links";
import { getStripe } from "@/lib/stripe/client";
import { stripeInvoiceSchema, type StripeInvoice } from "@/lib/stripe/schemas";
import { completeInvoiceLines } from "./complete-invoice-lines";

export async function fetchStripeInvoice(stripeInvoiceId: string): Promise<StripeInvoice> {
  const guard = stripeGuard();
  const invoice = await guard.call("invoices.retrieve", () => getStripe().invoices.retrieve(stripeInvoiceId, { expand: ["payments"] }));
  const parsed = stripeInvoiceSchema.parse(invoice);
  await recordInvoicePaymentLinks(parsed);
  return completeInvoiceLines(parsed, guard);
}
