// The batch lane's process: applies a run's invoice events in one transaction, each exactly as the
// event's own function would (the same apply and audit event, the same inbox settlement), and
// settles nothing it cannot finish on the database alone. If the transaction fails, each event is
// applied alone, so one bad event fails alone. Any event that needs more (lines or a customer to
// fetch from Stripe, a same-second re-fetch, an API version or a payload it cannot read, an apply
// that throws) is handed back: its own function runs it with its retry policy, and a failure there
// becomes an envelope. Applies are idempotent on the Stripe event id, so running a batch again
// after a crash settles nothing twice.
import { applyStripeInvoice, applyStripeInvoicesTogether, type InvoiceApplyResult, type InvoiceSnapshotChange } from "@/lib/invoices/apply-stripe-invoice";
import { hasIncompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { logger } from "@/lib/logging/logger";
import { recordInvoicePaymentLinks } from "@/lib/money-returned/invoice-payment-links";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeInvoiceSchema, type StripeEvent, type StripeInvoice } from "@/lib/stripe/schemas";
import { batchAppliedStripeEventTypes } from "@/lib/webhooks/dispatch-lane";
import { readInboxEvents } from "@/lib/webhooks/inbox";
import { settleInboxEntry, type ApplyOutcome } from "@/lib/webhooks/settle-inbox-entry";
import { parseEventObject } from "./parse-event-object";
import { requireSupportedApiVersion } from "./require-supported-api-version";

export type BatchEventOutcome = { id: string; type: string; settled: ApplyOutcome } | { id: string; type: string; handedBack: string };

interface ReadyEvent extends InvoiceSnapshotChange {
  index: number;
  stripeEvent: StripeEvent;
}

const handBack = ({ id, type }: StripeEvent, reason: string): BatchEventOutcome => ({ id, type, handedBack: reason });

/** The event's invoice and change when the database alone can apply it; else why it goes back. */
function readForBatch(stripeEvent: StripeEvent, index: number): ReadyEvent | BatchEventOutcome {
  const { id, type } = stripeEvent;
  if (!batchAppliedStripeEventTypes.has(type)) return handBack(stripeEvent, `${type} is not applied in batches`);
  let invoice: StripeInvoice;
  try {
    // The event's own function makes the same two checks, and dead-letters with the same reason.
    requireSupportedApiVersion(stripeEvent);
    invoice = parseEventObject(stripeInvoiceSchema, stripeEvent, "invoice");
  } catch (error) {
    return handBack(stripeEvent, (error as Error).message);
  }
  if (hasIncompleteLines(invoice)) return handBack(stripeEvent, "the invoice's lines must be fetched from Stripe");
  return { index, stripeEvent, invoice, change: { sourceId: id, eventType: type, created: fromUnixSeconds(stripeEvent.created) } };
}

async function settle(ready: ReadyEvent, result: InvoiceApplyResult): Promise<BatchEventOutcome> {
  if (result.outcome === "missing-customer" || result.outcome === "needs-refetch") return handBack(ready.stripeEvent, result.outcome);
  await settleInboxEntry(ready.stripeEvent.id, result);
  return { id: ready.stripeEvent.id, type: ready.stripeEvent.type, settled: result.outcome };
}

function applyFailed(ready: ReadyEvent, error: unknown): BatchEventOutcome {
  logger().warn({ err: error, correlationId: ready.stripeEvent.id }, "batch apply failed; the event goes back to its own function");
  return handBack(ready.stripeEvent, `the apply failed: ${(error as Error).message}`);
}

/** One event alone, in its own transaction: how a batch that failed as a whole finds the event at fault. */
async function applyAlone(ready: ReadyEvent): Promise<BatchEventOutcome> {
  try {
    return await settle(ready, await applyStripeInvoice(ready.invoice, ready.change));
  } catch (error) {
    return applyFailed(ready, error);
  }
}

/**
 * Applies the events (all in one transaction; if that fails, each alone) and settles their inbox
 * entries; answers, per event in order, the outcome that settled it or why it goes back.
 */
export async function applyInvoiceEventsInBatch(stripeEvents: StripeEvent[]): Promise<BatchEventOutcome[]> {
  const outcomes: BatchEventOutcome[] = [];
  const ready: ReadyEvent[] = [];
  for (const [index, stripeEvent] of stripeEvents.entries()) {
    const read = readForBatch(stripeEvent, index);
    if ("stripeEvent" in read) ready.push(read);
    else outcomes[index] = read;
  }
  // Payments the invoices list are remembered first, as the event's own function does.
  const linked: ReadyEvent[] = [];
  for (const event of ready) {
    try {
      if (event.invoice.payments?.data.length) await recordInvoicePaymentLinks(event.invoice);
      linked.push(event);
    } catch (error) {
      outcomes[event.index] = applyFailed(event, error);
    }
  }
  let together: InvoiceApplyResult[] | undefined;
  try {
    together = linked.length ? await applyStripeInvoicesTogether(linked) : [];
  } catch (error) {
    logger().warn({ err: error, events: linked.length }, "a batch's transaction failed; applying its events one by one");
  }
  if (together) {
    const results = together;
    // Settled side by side, so the inbox marks share one UPDATE.
    const settled = await Promise.all(linked.map((event, i) => settle(event, results[i]!).catch((error: unknown) => applyFailed(event, error))));
    linked.forEach((event, i) => (outcomes[event.index] = settled[i]!));
  } else {
    for (const event of linked) outcomes[event.index] = await applyAlone(event);
  }
  return outcomes;
}

/**
 * The batch lane's step: reads the named events from the inbox in one statement and applies them
 * (applyInvoiceEventsInBatch). Every accepted event is in the inbox before it is sent, so an id
 * that is not was never accepted (a hand-made send): nothing is applied for it, an error is
 * logged, and it is answered in `notInInbox` for the run's output.
 */
export async function applyStoredInvoiceEventsInBatch(stripeEventIds: string[]): Promise<{ outcomes: BatchEventOutcome[]; notInInbox: string[] }> {
  const stored = await readInboxEvents(stripeEventIds);
  const notInInbox = stripeEventIds.filter((id) => !stored.has(id));
  if (notInInbox.length) logger().error({ eventIds: notInInbox }, "batch-lane events name no inbox row; nothing to apply for them");
  return { outcomes: await applyInvoiceEventsInBatch(stripeEventIds.flatMap((id) => stored.get(id) ?? [])), notInInbox };
}
