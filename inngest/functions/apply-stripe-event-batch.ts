// The batch lane (lib/webhooks/dispatch-lane.ts): under a burst, one run applies up to 100 invoice
// events, so the cost of a run (a call to the serve endpoint, its bookkeeping) is paid once per
// batch instead of once per event. Events it cannot settle on the database alone are handed back
// to their own functions (inngest/stripe-event-function.ts) with the retry policy and failure
// envelopes every Stripe event has. If the run itself is lost or gives up, its events stay
// "dispatched" in the inbox, and the sweeper hands them over again (docs/pipeline.md).
import { inngest } from "@/inngest/client";
import { applyInvoiceEventsInBatch } from "@/inngest/stripe-processes/apply-invoice-events-in-batch";
import { handedBackStripeEventPayload, stripeEventBatched } from "@/lib/events/definitions";
import { recordStripeEventProcessed } from "@/lib/observability/pipeline-metrics";
import { stripeEventFunctionId } from "@/lib/webhooks/handled-event-types";

/** Most events one run applies; a full batch starts at once. */
export const STRIPE_EVENT_BATCH_SIZE = 100;

export const applyStripeEventBatchFunction = inngest.createFunction(
  {
    id: "apply-stripe-event-batch",
    name: "Apply Stripe events in batches",
    triggers: [stripeEventBatched],
    // The lane is only chosen under a burst, when a batch fills in well under a second.
    batchEvents: { maxSize: STRIPE_EVENT_BATCH_SIZE, timeout: "1s" },
  },
  async ({ events, step }) => {
    const outcomes = await step.run("apply-batch", () => applyInvoiceEventsInBatch(events.map((event) => event.data.stripeEvent)));
    const handedBack = new Set(outcomes.flatMap((outcome) => ("handedBack" in outcome ? [outcome.id] : [])));
    if (handedBack.size) {
      const payloads = events.filter((event) => handedBack.has(event.data.stripeEvent.id)).map((event) => handedBackStripeEventPayload(event.data.stripeEvent));
      await step.sendEvent("hand-back", payloads);
    }
    // Only the call that completes the run gets here.
    const sentAt = new Map(events.map((event) => [event.data.stripeEvent.id, event.ts]));
    for (const outcome of outcomes) {
      if ("settled" in outcome) {
        recordStripeEventProcessed({ type: outcome.type, jobType: stripeEventFunctionId(outcome.type), result: { outcome: outcome.settled }, sentAtMs: sentAt.get(outcome.id) });
      }
    }
    return { applied: outcomes.length - handedBack.size, handedBack: outcomes.filter((outcome) => "handedBack" in outcome) };
  },
);
