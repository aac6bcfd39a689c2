// The process of Stripe's `invoice.deleted` (drafts only): mark the invoice deleted, take it out of
// the rollups and audit it. No customer fetch and no re-fetch: a deleted invoice no longer exists
// in Stripe, and the deletion is final whatever else arrives.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeInvoiceDeletion } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { stripeDeletedInvoiceSchema } from "@/lib/stripe/schemas";

export async function deleteStripeInvoice({ stripeEvent, change, step }: StripeEventContext) {
  const parsed = stripeDeletedInvoiceSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid deleted invoice in ${stripeEvent.id}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  return step("delete-invoice", () => applyStripeInvoiceDeletion(parsed.data, change));
}
