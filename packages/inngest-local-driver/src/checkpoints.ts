// The checkpoint API (POST /v1/checkpoint/<run id>/async): with checkpointing, the SDK runs a
// function's steps eagerly inside one call and posts each step's result here as it completes,
// instead of answering 206 after every step. The results join the run's memo, exactly as a 206
// would have put them there, so a later call (a retry, a successor after a crash) skips them.
import { z } from "zod";
import { batchWrites } from "./batch-writes";
import { finishedStepRecord, opSchema } from "./executor";
import type { SqlSession } from "./sql";
import { saveCheckpoints, type Checkpoint, type StepRecord } from "./store";

export const CHECKPOINT_PATH = /^\/v1\/checkpoint\/([^/]+)\/async$/;

const checkpointBodySchema = z
  .object({
    run_id: z.string().min(1),
    /** The dispatch the steps ran in: the driver passes its lease owner as the SDK's queue item id. */
    qi_id: z.string().min(1),
    steps: z.array(opSchema),
  })
  .passthrough();

export type CheckpointAnswer = { status: 200 } | { status: 400; error: string } | { status: 409; error: string };

/** Returns the handler for checkpoint bodies; concurrent runs' checkpoints share one statement. */
export function createCheckpointWriter(sql: SqlSession): (runId: string, body: unknown) => Promise<CheckpointAnswer> {
  const save = batchWrites<Checkpoint, boolean>(async (checkpoints) => {
    const held = await saveCheckpoints(sql, checkpoints);
    return checkpoints.map((checkpoint) => held.has(checkpoint.runId));
  });

  return async (runId, raw) => {
    const body = checkpointBodySchema.safeParse(raw);
    if (!body.success) return { status: 400, error: `Invalid checkpoint: ${body.error.message}` };
    if (body.data.run_id !== runId) return { status: 400, error: "The checkpoint's run_id does not match its URL" };
    const steps: StepRecord[] = [];
    for (const op of body.data.steps) {
      // The SDK checkpoints only finished steps (ran or failed for good); they join the memo as a 206's would.
      const record = finishedStepRecord(op);
      if (!record) return { status: 400, error: `The local Inngest driver does not take ${op.op} operations in a checkpoint` };
      steps.push(record);
    }
    // 409 is the SDK's "stale dispatch": it stops the call without running further steps.
    if (!(await save({ runId, owner: body.data.qi_id, steps }))) return { status: 409, error: `Run ${runId} is no longer held by this dispatch` };
    return { status: 200 };
  };
}
