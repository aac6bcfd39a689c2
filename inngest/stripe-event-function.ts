// Builds the Inngest function for one Stripe event type, so they all run and fail alike:
// link a replayed run to its replay → refuse an event of an unsupported API version → the
// process's named steps, under the retry policy → settle the inbox entry → resolve the replayed
// envelope. A run that gives up becomes a failure envelope (and an alert). The event's payload is
// validated by its trigger before a run starts.
import type { GetStepTools } from "inngest";
import { inngest } from "@/inngest/client";
import { requireSupportedApiVersion } from "@/inngest/stripe-processes/require-supported-api-version";
import { alertOnDeadLetter } from "@/lib/alerts/dead-letter-alerts";
import { recordStripeEventFailure } from "@/lib/dead-letters/record-stripe-event-failure";
import { linkReplayRun, markReplaySucceeded, replayMarkerOf } from "@/lib/dead-letters/replay-outcome";
import { stripeEventType } from "@/lib/events/definitions";
import { INNGEST_RETRY_CAP, type JobType, type RetryPolicy } from "@/lib/jobs/retry-policies";
import { loadRetryPolicy } from "@/lib/jobs/retry-policy-store";
import { runWithRetryPolicy } from "@/lib/jobs/run-with-retry-policy";
import { recordDeadLetter, recordStripeEventProcessed } from "@/lib/observability/pipeline-metrics";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import type { StripeEvent } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { stripeEventFunctionId, type HandledStripeEventType } from "@/lib/webhooks/handled-event-types";
import { settleInboxEntry, type ApplyResult } from "@/lib/webhooks/settle-inbox-entry";

interface PolicyStepJob {
  jobId: string;
  jobType: string;
  runId: string;
  attempt: number;
  policy: RetryPolicy;
}

/** Named steps whose failures follow the retry policy (a recorded attempt, then the policy's delay). */
function policySteps(step: GetStepTools<typeof inngest>, job: PolicyStepJob) {
  return <T,>(name: string, work: () => Promise<T>) => step.run(name, () => runWithRetryPolicy({ ...job, step: name }, work));
}

export interface StripeEventContext {
  stripeEvent: StripeEvent;
  /** The event as the source of every apply it makes. */
  change: StripeChange;
  /** Runs one named step under the retry policy. */
  step: ReturnType<typeof policySteps>;
}

export interface StripeEventFunctionSpec {
  type: HandledStripeEventType;
  /** The retry policy its steps follow (lib/jobs/retry-policies.ts). */
  retryPolicy: JobType;
  /** The named steps that apply the event; returns the apply whose outcome settles it. */
  process(ctx: StripeEventContext): Promise<ApplyResult>;
}

export function createStripeEventFunction(spec: StripeEventFunctionSpec) {
  const functionId = stripeEventFunctionId(spec.type);
  return inngest.createFunction(
    {
      id: functionId,
      name: `Stripe ${spec.type}`,
      triggers: [stripeEventType(spec.type)],
      // A cap: the stored retry policy (admins may change it) decides when a run gives up.
      retries: INNGEST_RETRY_CAP,
      onFailure: async ({ event, error, step }) => {
        const failure = { functionId, retryPolicy: spec.retryPolicy, runId: event.data.run_id, error, event: event.data.event };
        const envelope = await step.run("record-failure-envelope", () => recordStripeEventFailure(failure));
        if (envelope.created) await step.run("alert-dead-letter", () => alertOnDeadLetter(envelope.id));
        if (envelope.created) recordDeadLetter(functionId);
      },
    },
    async ({ event, step, attempt, runId }) => {
      const { stripeEvent } = event.data;
      const replay = replayMarkerOf(event.data);
      if (replay) await step.run("link-replay-run", () => linkReplayRun(replay, runId));
      const policy = await loadRetryPolicy(spec.retryPolicy);
      const policyStep = policySteps(step, { jobId: stripeEvent.id, jobType: functionId, runId, attempt, policy });
      requireSupportedApiVersion(stripeEvent);
      const change = { sourceId: stripeEvent.id, eventType: stripeEvent.type, created: fromUnixSeconds(stripeEvent.created) };
      const result = await spec.process({ stripeEvent, change, step: policyStep });
      await policyStep("settle-inbox", () => settleInboxEntry(stripeEvent.id, result));
      if (replay) await step.run("resolve-replayed-envelope", () => markReplaySucceeded(replay, runId, `system:${functionId}`));
      // Only the call that completes the run gets here: an earlier one stopped at a step that
      // threw or, without checkpointing, at its first new step.
      recordStripeEventProcessed({ type: stripeEvent.type, jobType: functionId, result, sentAtMs: event.ts });
      return result;
    },
  );
}
