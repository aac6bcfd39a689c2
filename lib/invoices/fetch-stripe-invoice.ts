// Reads an invoice from Stripe (API or simulator) and validates it.
import { getStripe } from "@/lib/stripe/client";
import { stripeInvoiceSchema, type StripeInvoice } from "@/lib/stripe/schemas";

export async function fetchStripeInvoice(stripeInvoiceId: string): Promise<StripeInvoice> {
  const invoice = await getStripe().invoices.retrieve(stripeInvoiceId);
  return stripeInvoiceSchema.parse(invoice);
}
