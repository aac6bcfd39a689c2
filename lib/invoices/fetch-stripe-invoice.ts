// Reads an invoice from Stripe (API or simulator) with all of its lines, and validates it.
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { getStripe } from "@/lib/stripe/client";
import { stripeInvoiceSchema, type StripeInvoice } from "@/lib/stripe/schemas";
import { completeInvoiceLines } from "./complete-invoice-lines";

export async function fetchStripeInvoice(stripeInvoiceId: string): Promise<StripeInvoice> {
  const guard = stripeGuard();
  const invoice = await guard.call("invoices.retrieve", () => getStripe().invoices.retrieve(stripeInvoiceId));
  return completeInvoiceLines(stripeInvoiceSchema.parse(invoice), guard);
}
