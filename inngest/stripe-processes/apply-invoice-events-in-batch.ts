// The batch lane's process: applies invoice events one after another in one run, each in its own
// transaction exactly as the event's own function would (the same apply, the same inbox
// settlement), and settles nothing it cannot finish on the database alone. Any event that needs
// more (lines or a customer to fetch from Stripe, a same-second re-fetch, an API version or a
// payload it cannot read, an apply that throws) is handed back: its own function runs it with its
// retry policy, and a failure there becomes an envelope. Applies are idempotent on the Stripe
// event id, so running a batch again after a crash settles nothing twice.
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { hasIncompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { logger } from "@/lib/logging/logger";
import { recordInvoicePaymentLinks } from "@/lib/money-returned/invoice-payment-links";
import { apiVersionSupport } from "@/lib/stripe/api-version";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeInvoiceSchema, type StripeEvent } from "@/lib/stripe/schemas";
import { batchAppliedStripeEventTypes } from "@/lib/webhooks/dispatch-lane";
import { settleInboxEntry, type ApplyOutcome } from "@/lib/webhooks/settle-inbox-entry";

export type BatchEventOutcome = { id: string; type: string; settled: ApplyOutcome } | { id: string; type: string; handedBack: string };

async function applyOne(stripeEvent: StripeEvent): Promise<BatchEventOutcome> {
  const { id, type } = stripeEvent;
  const handBack = (reason: string): BatchEventOutcome => ({ id, type, handedBack: reason });
  if (!batchAppliedStripeEventTypes.has(type)) return handBack(`${type} is not applied in batches`);
  if (!apiVersionSupport(stripeEvent.api_version).supported) return handBack(`API version ${stripeEvent.api_version} is not supported`);
  const parsed = stripeInvoiceSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) return handBack("the invoice does not parse");
  const invoice = parsed.data;
  if (hasIncompleteLines(invoice)) return handBack("the invoice's lines must be fetched from Stripe");
  try {
    if (invoice.payments?.data.length) await recordInvoicePaymentLinks(invoice);
    const result = await applyStripeInvoice(invoice, { sourceId: id, eventType: type, created: fromUnixSeconds(stripeEvent.created)! });
    if (result.outcome === "missing-customer" || result.outcome === "needs-refetch") return handBack(result.outcome);
    await settleInboxEntry(id, result);
    return { id, type, settled: result.outcome };
  } catch (error) {
    logger().warn({ err: error, correlationId: id }, "batch apply failed; the event goes back to its own function");
    return handBack(`the apply failed: ${(error as Error).message}`);
  }
}

/** Applies the events in order; answers, per event, the outcome that settled it or why it goes back. */
export async function applyInvoiceEventsInBatch(stripeEvents: StripeEvent[]): Promise<BatchEventOutcome[]> {
  const outcomes: BatchEventOutcome[] = [];
  for (const stripeEvent of stripeEvents) outcomes.push(await applyOne(stripeEvent));
  return outcomes;
}
