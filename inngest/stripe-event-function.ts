// Builds the Inngest function for one Stripe event type: its job type's retry policy, the
// validated Stripe event handed to the handler, and a dead letter (failure envelope) when it
// gives up. Every Stripe event function is made here, so they all fail the same way. A replayed
// event (data.replayOf) links its run to the replay and reports its outcome to the envelope.
import { recordDeadLetter, recordStripeEventProcessed } from "@/lib/observability/pipeline-metrics";
import { NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { alertOnDeadLetter } from "@/lib/alerts/dead-letter-alerts";
import { recordFailureEnvelope } from "@/lib/dead-letters/record-failure-envelope";
import { linkReplayRun, markReplaySucceeded, recordReplayFailure, replayMarkerOf } from "@/lib/dead-letters/replay-outcome";
import { countFailedAttempts } from "@/lib/jobs/job-attempts";
import { INNGEST_RETRY_CAP, type JobType } from "@/lib/jobs/retry-policies";
import { loadRetryPolicy } from "@/lib/jobs/retry-policy-store";
import { runWithRetryPolicy } from "@/lib/jobs/run-with-retry-policy";
import { stripeEventSchema, type StripeEvent } from "@/lib/stripe/schemas";
import { tenantIdOfEvent } from "@/lib/stripe/tenant-of-event";
import type { HandledStripeEventType } from "@/lib/webhooks/handled-event-types";
import { inngestEventName } from "@/lib/webhooks/handled-event-types";
import { markInboxFailed, markInboxProcessed } from "@/lib/webhooks/inbox";

interface StepTools {
  run<T>(name: string, fn: () => Promise<T>): Promise<unknown>;
}

/** What an apply returns: its outcome, and the tenant once the object is known. */
export interface ApplyResult {
  outcome: string;
  tenantId?: string | null;
}

/** Outcomes after which the function goes on to another step; any other outcome settles the event. */
const PROVISIONAL_OUTCOMES = new Set(["missing-customer", "needs-refetch"]);

export interface StripeEventContext {
  stripeEvent: StripeEvent;
  jobType: JobType;
  /** Runs one named step under the job type's retry policy. */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * Runs an apply as a step and, when its outcome settles the event, closes the inbox entry in
   * the same step: one call to the function fewer per event than a separate step would cost.
   * A retried step applies idempotently (the audit event's source id) and marks again.
   */
  applyStep<T extends ApplyResult>(name: string, apply: () => Promise<T>): Promise<T>;
}

async function settleInboxEntry(stripeEvent: StripeEvent, result: ApplyResult): Promise<void> {
  if (PROVISIONAL_OUTCOMES.has(result.outcome)) return;
  await markInboxProcessed(stripeEvent.id, result.tenantId ?? null, result.outcome === "stale" ? "Older than the stored state: not applied." : undefined);
}

export interface StripeEventFunctionSpec {
  type: HandledStripeEventType;
  jobType: JobType;
  handle(ctx: StripeEventContext): Promise<unknown>;
}

function parseStripeEvent(data: unknown): StripeEvent {
  const parsed = stripeEventSchema.safeParse((data as { stripeEvent?: unknown } | undefined)?.stripeEvent);
  if (!parsed.success) throw new NonRetriableError(`The job's payload is not a Stripe event: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function functionIdFor(type: string): string {
  return `stripe-${type.replaceAll(".", "-").replaceAll("_", "-")}`;
}

export function createStripeEventFunction(spec: StripeEventFunctionSpec) {
  const functionId = functionIdFor(spec.type);
  return inngest.createFunction(
    {
      id: functionId,
      name: `Stripe ${spec.type}`,
      triggers: [{ event: inngestEventName(spec.type) }],
      // A cap: the stored retry policy (admins may change it) decides when a run gives up.
      retries: INNGEST_RETRY_CAP,
      onFailure: async ({ event, error, step }) => {
        const original = event.data.event.data as { stripeEvent?: StripeEvent };
        const stripeEvent = original.stripeEvent;
        const runId = event.data.run_id;
        const replay = replayMarkerOf(original);
        const envelope = await step.run("record-failure-envelope", async () => {
          const policy = await loadRetryPolicy(spec.jobType);
          const attempts = await countFailedAttempts(runId);
          if (replay) {
            return recordReplayFailure(replay, { runId, reason: error.message, stack: error.stack ?? null, attempt: Math.max(attempts, 1), policy, actor: `system:${functionId}` });
          }
          const tenantId = stripeEvent ? await tenantIdOfEvent(stripeEvent).catch(() => null) : null;
          const envelope = await recordFailureEnvelope({
            jobId: stripeEvent?.id ?? String(event.data.event.id ?? runId),
            jobType: functionId,
            runId,
            tenantId,
            attempt: Math.max(attempts, 1),
            policy,
            reason: error.message,
            stack: error.stack ?? null,
            payload: JSON.parse(JSON.stringify(event.data.event.data)),
            stripeEventId: stripeEvent?.id ?? null,
          });
          if (stripeEvent) await markInboxFailed(stripeEvent.id, error.message, tenantId);
          return envelope;
        });
        if (envelope.created) await step.run("alert-dead-letter", () => alertOnDeadLetter(envelope.id));
        if (envelope.created) recordDeadLetter(functionId);
      },
    },
    async ({ event, step, attempt, runId }) => {
      const stripeEvent = parseStripeEvent(event.data);
      const tools = step as unknown as StepTools;
      const policy = await loadRetryPolicy(spec.jobType);
      const replay = replayMarkerOf(event.data);
      if (replay) await tools.run("link-replay-run", () => linkReplayRun(replay, runId));
      const policyStep = async <T,>(name: string, work: () => Promise<T>) =>
        (await tools.run(name, () => runWithRetryPolicy({ jobId: stripeEvent.id, jobType: functionId, runId, step: name, attempt, policy }, work))) as T;
      const result = await spec.handle({
        stripeEvent,
        jobType: spec.jobType,
        step: policyStep,
        applyStep: (name, apply) =>
          policyStep(name, async () => {
            const applied = await apply();
            await settleInboxEntry(stripeEvent, applied);
            return applied;
          }),
      });
      if (replay) await tools.run("resolve-replayed-envelope", () => markReplaySucceeded(replay, runId, `system:${functionId}`));
      // Only the run's last call gets here (earlier calls stop at their first new step).
      recordStripeEventProcessed({ type: stripeEvent.type, jobType: functionId, result, sentAtMs: event.ts });
      return result;
    },
  );
}
