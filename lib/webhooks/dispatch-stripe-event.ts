// Hands a stored Stripe event to Inngest. The Stripe event id is the Inngest event id, so a
// second send of the same event (a retried webhook, the sweeper) never starts a second run.
import { inngest } from "@/inngest/client";
import type { StripeEvent } from "@/lib/stripe/schemas";
import { inngestEventName } from "./handled-event-types";
import { inboxPayloadToEvent, listUndispatchedEvents, markInboxDispatched } from "./inbox";

export async function dispatchStripeEvent(event: StripeEvent): Promise<void> {
  await inngest.send({ id: event.id, name: inngestEventName(event.type), data: { stripeEvent: event } });
  await markInboxDispatched(event.id);
}

/** Sends every event still waiting in the inbox. Returns how many were sent and failed. */
export async function dispatchPendingStripeEvents(options: { olderThanMs?: number; limit?: number } = {}) {
  const pending = await listUndispatchedEvents(new Date(Date.now() - (options.olderThanMs ?? 0)), options.limit ?? 500);
  let sent = 0;
  let failed = 0;
  for (const row of pending) {
    try {
      await dispatchStripeEvent(inboxPayloadToEvent(row.payload));
      sent++;
    } catch {
      failed++;
    }
  }
  return { sent, failed, pending: pending.length };
}
