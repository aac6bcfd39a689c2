// The checkpoint API (POST /v1/checkpoint/<run id>/async): with checkpointing, the SDK runs a
// function's steps eagerly inside one call and posts each step's result here as it completes,
// instead of answering 206 after every step. The results join the run's memo, exactly as a 206
// would have put them there, so a later call (a retry, a successor after a crash) skips them.
import { z } from "zod";
import { batchWrites } from "./batch-writes";
import type { SqlSession } from "./sql";
import { saveCheckpoints, type Checkpoint, type StepRecord } from "./store";

export const CHECKPOINT_PATH = /^\/v1\/checkpoint\/([^/]+)\/async$/;

const checkpointBodySchema = z
  .object({
    run_id: z.string().min(1),
    /** The dispatch the steps ran in: the driver passes its lease owner as the SDK's queue item id. */
    qi_id: z.string().min(1),
    steps: z.array(
      z
        .object({ id: z.string().min(1), op: z.string().min(1), name: z.string().optional(), displayName: z.string().optional(), data: z.unknown().optional(), error: z.unknown().optional() })
        .passthrough(),
    ),
  })
  .passthrough();

export type CheckpointAnswer = { status: 200 } | { status: 400; error: string } | { status: 409; error: string };

/** A step result as the memo keeps it; the SDK checkpoints only finished steps (ran or failed for good). */
function toStepRecord(op: z.infer<typeof checkpointBodySchema>["steps"][number]): StepRecord | string {
  const name = op.displayName ?? op.name;
  if (op.op === "StepRun" || op.op === "Step") return { id: op.id, op: op.op, name, result: { data: op.data ?? null } };
  if (op.op === "StepFailed") return { id: op.id, op: op.op, name, result: { error: op.error ?? null } };
  return `The local Inngest driver does not take ${op.op} operations in a checkpoint`;
}

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
      const record = toStepRecord(op);
      if (typeof record === "string") return { status: 400, error: record };
      steps.push(record);
    }
    // 409 is the SDK's "stale dispatch": it stops the call without running further steps.
    if (!(await save({ runId, owner: body.data.qi_id, steps }))) return { status: 409, error: `Run ${runId} is no longer held by this dispatch` };
    return { status: 200 };
  };
}
