// A Stripe event function that gave up: its failure envelope (or, for a replayed run, the replayed
// envelope reopened with the new failure), and its inbox entry marked failed. Idempotent on the
// run, so a retried onFailure handler records it once.
import { countFailedAttempts } from "@/lib/jobs/job-attempts";
import type { JobType } from "@/lib/jobs/retry-policies";
import { loadRetryPolicy } from "@/lib/jobs/retry-policy-store";
import { stripeEventSchema } from "@/lib/stripe/schemas";
import { tenantIdOfEvent } from "@/lib/stripe/tenant-of-event";
import { markInboxFailed } from "@/lib/webhooks/inbox";
import { recordFailureEnvelope } from "./record-failure-envelope";
import { recordReplayFailure, replayMarkerOf } from "./replay-outcome";

export interface StripeEventFailure {
  /** The function that gave up: the envelope's job type. */
  functionId: string;
  /** The retry policy its steps followed. */
  retryPolicy: JobType;
  runId: string;
  error: { message: string; stack?: string };
  /** The event that started the run, as Inngest reports it (its data is not validated here). */
  event: { id?: string; data?: unknown };
}

/** The Stripe event id a payload names, even when the rest of the payload is invalid. */
function stripeEventIdOf(data: unknown): string | null {
  if (!data || typeof data !== "object" || !("stripeEvent" in data)) return null;
  const event = data.stripeEvent;
  return event && typeof event === "object" && "id" in event && typeof event.id === "string" ? event.id : null;
}

async function tenantIdOfPayload(data: unknown): Promise<string | null> {
  const parsed = stripeEventSchema.safeParse(data && typeof data === "object" && "stripeEvent" in data ? data.stripeEvent : undefined);
  return parsed.success ? tenantIdOfEvent(parsed.data).catch(() => null) : null;
}

export async function recordStripeEventFailure(failure: StripeEventFailure): Promise<{ id: string; created: boolean }> {
  const { functionId, runId, error, event } = failure;
  const policy = await loadRetryPolicy(failure.retryPolicy);
  const attempt = Math.max(await countFailedAttempts(runId), 1);
  const replay = replayMarkerOf(event.data);
  if (replay) {
    return recordReplayFailure(replay, { runId, reason: error.message, stack: error.stack ?? null, attempt, policy, actor: `system:${functionId}` });
  }
  const stripeEventId = stripeEventIdOf(event.data);
  const tenantId = await tenantIdOfPayload(event.data);
  const envelope = await recordFailureEnvelope({
    jobId: stripeEventId ?? event.id ?? runId,
    jobType: functionId,
    runId,
    tenantId,
    attempt,
    policy,
    reason: error.message,
    stack: error.stack ?? null,
    payload: JSON.parse(JSON.stringify(event.data ?? {})),
    stripeEventId,
  });
  if (stripeEventId) await markInboxFailed(stripeEventId, error.message, tenantId);
  return envelope;
}
