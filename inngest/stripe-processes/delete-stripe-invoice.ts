// The process of Stripe's `invoice.deleted` (drafts only): mark the invoice deleted, take it out of
// the rollups and audit it. No customer fetch and no re-fetch: a deleted invoice no longer exists
// in Stripe, and the deletion is final whatever else arrives.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeInvoiceDeletion } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { stripeDeletedInvoiceSchema } from "@/lib/stripe/schemas";
import { parseEventObject } from "./parse-event-object";

export async function deleteStripeInvoice({ stripeEvent, change, step }: StripeEventContext) {
  const invoice = parseEventObject(stripeDeletedInvoiceSchema, stripeEvent, "deleted invoice");
  return step("delete-invoice", () => applyStripeInvoiceDeletion(invoice, change));
}
