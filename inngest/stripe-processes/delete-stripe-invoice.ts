// The process of Stripe's `invoice.deleted` (drafts only): mark the invoice deleted, take it out of
// the rollups and audit it. No customer fetch and no re-fetch: a deleted invoice no longer exists
// in Stripe, and the deletion is final whatever else arrives.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { requireSupportedApiVersion } from "@/inngest/stripe-processes/require-supported-api-version";
import { applyStripeInvoiceDeletion } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeDeletedInvoiceSchema } from "@/lib/stripe/schemas";

export async function deleteStripeInvoice({ stripeEvent, step }: StripeEventContext) {
  requireSupportedApiVersion(stripeEvent);
  const parsed = stripeDeletedInvoiceSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid deleted invoice in ${stripeEvent.id}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const change = { sourceId: stripeEvent.id, eventType: stripeEvent.type, created: fromUnixSeconds(stripeEvent.created) };
  return step("delete-invoice", () => applyStripeInvoiceDeletion(parsed.data, change));
}
