// Wraps the work of one step: a failure is recorded as an attempt, then rethrown as what Inngest
// needs — NonRetriableError when retrying cannot help or the policy is exhausted,
// RetryAfterError carrying the delay the job type's policy (or Stripe's Retry-After) sets for
// the next attempt.
import { NonRetriableError, RetryAfterError } from "inngest";
import { logger } from "@/lib/logging/logger";
import { classifyError } from "./classify-error";
import { recordFailedAttempt } from "./job-attempts";
import { nextRetryDelayMs, type RetryPolicy } from "./retry-policies";

export interface StepContext {
  jobId: string;
  jobType: string;
  runId: string;
  step: string;
  /** Inngest's 0-based attempt counter for this step. */
  attempt: number;
  policy: RetryPolicy;
}

export async function runWithRetryPolicy<T>(ctx: StepContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { retriable, retryAfterMs } = classifyError(error);
    const delay = retriable ? nextRetryDelayMs(ctx.policy, ctx.attempt, retryAfterMs) : null;
    // The Stripe event id is the correlation id from the webhook through every run and step to the envelope.
    logger().warn({ correlationId: ctx.jobId, jobType: ctx.jobType, runId: ctx.runId, step: ctx.step, attempt: ctx.attempt + 1, retryInMs: delay, err: message }, "job step failed");
    await recordFailedAttempt({ jobId: ctx.jobId, jobType: ctx.jobType, runId: ctx.runId, step: ctx.step, attempt: ctx.attempt + 1, error: message, retryDelayMs: delay }).catch(
      () => undefined, // the database may be the thing that is down; the run's own retry still happens
    );
    // Exhausted by the stored policy: stop Inngest, whose own `retries` is only a cap.
    if (!retriable || delay === null) throw new NonRetriableError(message, { cause: error });
    // A Date keeps millisecond precision (a number is rounded up to whole seconds by the SDK).
    throw new RetryAfterError(message, new Date(Date.now() + delay), { cause: error });
  }
}
