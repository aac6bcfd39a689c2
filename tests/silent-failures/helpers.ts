// The silent-failure catalog's tools: run the owner of stuck hand-overs (the inbox sweeper cron)
// now, through the local driver, as its next minute would.
import { expect } from "vitest";
import type { Pipeline } from "../support/pipeline-harness";

const SWEEPER_FUNCTION = "ledgerline-dispatch-pending-stripe-events";

/** Makes the sweeper's cron due now and waits for that run to finish; returns its output. */
export async function runSweeperNow(pipeline: Pipeline, timeoutMs = 15_000): Promise<unknown> {
  const before = new Set((await pipeline.driver.listRuns({ functionId: SWEEPER_FUNCTION })).map((run) => run.id));
  await pipeline.database.connection.query(`UPDATE "inngest_schedules" SET "next_tick_at" = now() - interval '1 second' WHERE "function_id" = $1`, [SWEEPER_FUNCTION]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await pipeline.driver.listRuns({ functionId: SWEEPER_FUNCTION });
    const finished = runs.find((run) => !before.has(run.id) && (run.status === "completed" || run.status === "failed"));
    if (finished) {
      expect(finished, JSON.stringify(finished.error)).toMatchObject({ status: "completed" });
      return finished.output;
    }
    if (Date.now() > deadline) throw new Error(`the sweeper did not run within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
