// Hands a stored Stripe event to Inngest, in the lane the current load calls for (./dispatch-lane.ts).
// The Stripe event id is the Inngest event id in either lane, so a second send of the same event
// (a retried webhook, the sweeper) never starts a second run.
import { createGroupCommit } from "@/lib/db/group-commit";
import { batchedStripeEventPayload, stripeEventPayload } from "@/lib/events/definitions";
import { sendEvents } from "@/lib/events/send-event";
import { logger } from "@/lib/logging/logger";
import type { StripeEvent } from "@/lib/stripe/schemas";
import { noteDispatchAndChooseLane, type DispatchLane } from "./dispatch-lane";
import { inboxPayloadToEvent, listUndispatchedEvents, markInboxDispatched } from "./inbox";

/**
 * Sends the event to Inngest and marks its inbox row "dispatched". Nobody waits for the mark: a
 * lost one only makes the sweeper send again, which Inngest drops as a duplicate event id.
 */
export async function dispatchStripeEvent(event: StripeEvent): Promise<void> {
  await sendToInngest({ event, lane: noteDispatchAndChooseLane(event.type) });
  markInboxDispatched(event.id).catch((error: unknown) =>
    logger().warn({ err: error, correlationId: event.id }, "could not mark the event dispatched; the sweeper will send it again"),
  );
}

/** Inngest's smallest plan caps an event at 256 KiB; a batched send stays within that too. */
const MAX_SEND_BYTES = 256 * 1024;

// Deliveries that arrive together share one send (one request to Inngest, one insert in
// the local driver). A failed batch is retried event by event, so one bad event fails alone.
const sendToInngest = createGroupCommit<{ event: StripeEvent; lane: DispatchLane }, void>(
  async (handOvers) => {
    await sendEvents(
      handOvers.map(({ event, lane }) => (lane === "batch" ? batchedStripeEventPayload(event) : stripeEventPayload(event.id, { stripeEvent: event }))),
    );
    return handOvers.map(() => undefined);
  },
  { maxBatch: 100, weigh: ({ event }) => JSON.stringify(event).length, maxWeight: MAX_SEND_BYTES },
);

/** Sends every event still waiting in the inbox. Returns how many were sent and failed. */
export async function dispatchPendingStripeEvents(options: { olderThanMs?: number; limit?: number } = {}) {
  const pending = await listUndispatchedEvents(new Date(Date.now() - (options.olderThanMs ?? 0)), options.limit ?? 500);
  const results = await Promise.allSettled(
    pending.map((row) => dispatchStripeEvent(inboxPayloadToEvent(row.payload))),
  );
  const failed = results.filter((result) => result.status === "rejected").length;
  return { sent: pending.length - failed, failed, pending: pending.length };
}
