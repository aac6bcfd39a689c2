// Replays a saved dead-letter selection: plan the batches, then replay one batch and pause, so
// the replayed jobs arrive at `ratePerSecond` on average; progress is on the bulk replay's row.
import { inngest } from "@/inngest/client";
import { planBulkReplay, replayNextBatch, stopBulkReplay } from "@/lib/dead-letters/bulk-replay";
import { bulkReplayRequested } from "@/lib/events/definitions";

export const replayDeadLetterSelectionFunction = inngest.createFunction(
  {
    // The id predates the file's name; ids stay stable so runs in flight keep their steps.
    id: "dlq-bulk-replay",
    name: "Replay a dead-letter selection",
    triggers: [bulkReplayRequested],
    retries: 5,
    // A run that gives up would leave the selection "running" for ever: it stops, visibly.
    onFailure: async ({ event, error, step }) => {
      await step.run("stop-bulk-replay", () => stopBulkReplay(event.data.event.data.bulkId, error.message));
    },
  },
  async ({ event, step }) => {
    const { bulkId } = event.data;
    const plan = await step.run("plan-batches", () => planBulkReplay(bulkId));
    for (let batch = 1; batch <= plan.batches; batch++) {
      const progress = await step.run(`replay-batch-${batch}`, () => replayNextBatch(bulkId, plan.batchSize));
      if (progress.done) return progress;
      await step.sleep(`pace-after-batch-${batch}`, `${plan.pauseMs}ms`);
    }
    return step.run("finish", () => replayNextBatch(bulkId, plan.batchSize));
  },
);
