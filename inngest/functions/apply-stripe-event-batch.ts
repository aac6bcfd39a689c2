// The batch lane (lib/webhooks/dispatch-lane.ts): under a burst, one run applies up to
// STRIPE_EVENT_BATCH_SIZE (default 100) invoice events, so the cost of a run (a call to the serve
// endpoint, its bookkeeping) is paid once per batch instead of once per event. Its events name
// their inbox rows; the step reads the Stripe events there, in one statement. Events it cannot
// settle on the database alone are handed back to their own functions
// (inngest/stripe-event-function.ts) with the retry policy and failure envelopes every Stripe
// event has. If the run itself is lost or gives up, its events stay "dispatched" in the inbox,
// and the sweeper hands them over again (docs/pipeline.md).
import { inngest } from "@/inngest/client";
import { applyStoredInvoiceEventsInBatch } from "@/inngest/stripe-processes/apply-invoice-events-in-batch";
import { batchStepResult, readBatchStepResult } from "@/inngest/stripe-processes/batch-step-result";
import { getEnv } from "@/lib/config/env";
import { batchedStripeEventId, batchedStripeEventType, handedBackStripeEventPayload, stripeEventBatched } from "@/lib/events/definitions";
import { recordStripeEventsProcessed, type ProcessedStripeEvent } from "@/lib/observability/pipeline-metrics";
import { stripeEventFunctionId } from "@/lib/webhooks/handled-event-types";
import { readInboxEvents } from "@/lib/webhooks/inbox";

/** apply-batch, and for hand-backs read-hand-backs and hand-back. */
const BATCH_RUN_MAX_STEPS = 3;

export const applyStripeEventBatchFunction = inngest.createFunction(
  {
    id: "apply-stripe-event-batch",
    name: "Apply Stripe events in batches",
    triggers: [stripeEventBatched],
    // The lane is only chosen under a burst, when a batch fills in well under a second. A full
    // batch starts at once; its size is capped by the Inngest plan (STRIPE_EVENT_BATCH_SIZE).
    batchEvents: { maxSize: getEnv().STRIPE_EVENT_BATCH_SIZE, timeout: "1s" },
    // Its steps (at most three) come back in the call's one answer, with the run's completion,
    // instead of each being posted as a checkpoint first: a round trip and a store write less
    // per run. Lost with a crash mid-call, they run again, which settles nothing twice (the
    // applies are idempotent on the Stripe event id; the hand-back's event id is deduplicated).
    checkpointing: { bufferedSteps: BATCH_RUN_MAX_STEPS + 1 },
  },
  async ({ events, step }) => {
    const ids = events.map((event) => batchedStripeEventId(event.data));
    const { settled, handedBack, notInInbox } = readBatchStepResult(
      await step.run("apply-batch", async () => batchStepResult(await applyStoredInvoiceEventsInBatch(ids))),
    );
    if (handedBack.length) {
      const stored = await step.run("read-hand-backs", async () => [...(await readInboxEvents(handedBack.map((outcome) => outcome.id))).values()]);
      await step.sendEvent("hand-back", stored.map((stripeEvent) => handedBackStripeEventPayload(stripeEvent)));
    }
    // Only the call that completes the run gets here.
    const sentAt = new Map(events.map((event, i) => [ids[i]!, event.ts]));
    const typeOf = new Map(events.map((event, i) => [ids[i]!, batchedStripeEventType(event.data)]));
    const processed: ProcessedStripeEvent[] = [];
    for (const [outcome, settledIds] of Object.entries(settled)) {
      for (const id of settledIds) {
        const type = typeOf.get(id)!;
        processed.push({ type, jobType: stripeEventFunctionId(type), outcome, sentAtMs: sentAt.get(id) });
      }
    }
    recordStripeEventsProcessed(processed);
    return { applied: processed.length, handedBack, notInInbox };
  },
);
