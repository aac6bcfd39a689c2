// Checks the pipeline on a timer, in the server process beside the local driver, and raises the
// "pipeline stalled" alert. Not an Inngest cron: a cron runs through the very driver (or serve
// endpoint) it would be watching, so a stalled pipeline would also stall its own watchman. Every
// instance runs one; the alert's grouping (an advisory lock per key) keeps it to one per window.
import { alertOnPipelineStall } from "@/lib/alerts/pipeline-stall-alerts";
import { getEnv } from "@/lib/config/env";
import { logger } from "@/lib/logging/logger";
import { isLocalDriverEnabled } from "@/lib/runtime/inngest-client-options";
import type { LocalDriverStatus } from "@/lib/runtime/services";
import { checkPipeline, stalledProblems } from "./pipeline-health";

export interface PipelineWatch {
  /** One check now: alerts when stalled; returns the problems found. */
  checkNow(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface PipelineWatchOptions {
  /** The local driver of this process, if it runs one. */
  driver?: Pick<LocalDriverStatus, "serveCalls">;
  /** Default: a quarter of PIPELINE_STALL_SECONDS, between 5 s and 60 s. */
  intervalMs?: number;
}

export function startPipelineWatch(options: PipelineWatchOptions = {}): PipelineWatch {
  const env = getEnv();
  const intervalMs = options.intervalMs ?? Math.min(60_000, Math.max(5_000, (env.PIPELINE_STALL_SECONDS * 1_000) / 4));
  let running: Promise<string[]> | undefined;

  const check = async (): Promise<string[]> => {
    const checks = await checkPipeline({ driver: options.driver, localDriver: isLocalDriverEnabled(env) });
    const problems = stalledProblems(checks);
    if (problems.length) await alertOnPipelineStall(problems);
    return problems;
  };
  const checkNow = (): Promise<string[]> => {
    // One check at a time: a slow database must not pile them up.
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    checkNow().catch((error: unknown) => logger().warn({ err: error }, "pipeline check failed"));
  }, intervalMs);
  timer.unref();
  return {
    checkNow,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
