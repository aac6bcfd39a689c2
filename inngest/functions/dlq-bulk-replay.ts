// Replays a saved dead-letter selection: plan the batches, then replay one batch and pause, so
// the replayed jobs arrive at `ratePerSecond` on average; progress is on the bulk replay's row.
import { inngest } from "@/inngest/client";
import { BULK_REPLAY_EVENT, planBulkReplay, replayNextBatch } from "@/lib/dead-letters/bulk-replay";

export const dlqBulkReplayFunction = inngest.createFunction(
  { id: "dlq-bulk-replay", name: "Replay a dead-letter selection", triggers: [{ event: BULK_REPLAY_EVENT }], retries: 5 },
  async ({ event, step }) => {
    const bulkId = String((event.data as { bulkId?: unknown }).bulkId);
    const plan = await step.run("plan-batches", () => planBulkReplay(bulkId));
    for (let batch = 1; batch <= plan.batches; batch++) {
      const progress = await step.run(`replay-batch-${batch}`, () => replayNextBatch(bulkId, plan.batchSize));
      if (progress.done) return progress;
      await step.sleep(`pace-after-batch-${batch}`, `${plan.pauseMs}ms`);
    }
    return step.run("finish", () => replayNextBatch(bulkId, plan.batchSize));
  },
);
