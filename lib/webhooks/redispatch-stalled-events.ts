// Owner of inbox events handed to Inngest whose run never finished (the run was lost, or the serve
// endpoint answered without running it): hands them over again, a bounded number of times, then
// turns them into a dead letter support sees and can replay. Inngest drops a repeated event id for
// 24 hours, so each hand-over has its own id; the apply is idempotent on the Stripe event id (its
// audit event's source), so however many runs start, the change lands once.
import { alertOnDeadLetter } from "@/lib/alerts/dead-letter-alerts";
import { getEnv } from "@/lib/config/env";
import { recordFailureEnvelope } from "@/lib/dead-letters/record-failure-envelope";
import { stripeEventPayload } from "@/lib/events/definitions";
import { sendEvents } from "@/lib/events/send-event";
import { logger } from "@/lib/logging/logger";
import { recordDeadLetter } from "@/lib/observability/pipeline-metrics";
import type { StripeEvent } from "@/lib/stripe/schemas";
import { tenantIdOfEvent } from "@/lib/stripe/tenant-of-event";
import { stripeEventFunctionId } from "./handled-event-types";
import { inboxPayloadToEvent, listStalledDispatchedEvents, markInboxFailed, markInboxRedispatched } from "./inbox";

/** Hand-overs after the first before a stalled event becomes a dead letter. */
export const MAX_INBOX_REDISPATCHES = 3;

export function redispatchEventId(stripeEventId: string, count: number): string {
  return `${stripeEventId}:redispatch:${count}`;
}

export interface RedispatchResult {
  stalled: number;
  redispatched: number;
  deadLettered: number;
  failed: number;
}

async function deadLetterStalledEvent(event: StripeEvent, handOvers: number, afterMs: number): Promise<void> {
  const jobType = stripeEventFunctionId(event.type);
  const minutes = Math.round(afterMs / 60_000);
  const reason = `Handed to Inngest ${handOvers} times without a finished run (${minutes} min apart): the run was lost or never started. Check that Inngest reaches /api/inngest, then replay.`;
  const tenantId = await tenantIdOfEvent(event).catch(() => null);
  const envelope = await recordFailureEnvelope({
    jobId: event.id,
    jobType,
    runId: `redispatch:${handOvers}`,
    tenantId,
    attempt: handOvers,
    policy: { maxAttempts: handOvers, strategy: "fixed", scheduleMs: [afterMs] },
    reason,
    stack: null,
    payload: { stripeEvent: JSON.parse(JSON.stringify(event)) },
    stripeEventId: event.id,
  });
  await markInboxFailed(event.id, reason, tenantId);
  if (envelope.created) {
    await alertOnDeadLetter(envelope.id);
    recordDeadLetter(jobType);
  }
}

/** Hands over again every event whose run has shown no sign of life for `afterMs`. */
export async function redispatchStalledStripeEvents(options: { afterMs?: number; limit?: number } = {}): Promise<RedispatchResult> {
  const afterMs = options.afterMs ?? getEnv().INBOX_REDISPATCH_AFTER_SECONDS * 1000;
  const stalled = await listStalledDispatchedEvents(new Date(Date.now() - afterMs), options.limit ?? 200);
  const result: RedispatchResult = { stalled: stalled.length, redispatched: 0, deadLettered: 0, failed: 0 };
  for (const row of stalled) {
    const event = inboxPayloadToEvent(row.payload);
    try {
      if (row.redispatchCount >= MAX_INBOX_REDISPATCHES) {
        await deadLetterStalledEvent(event, row.redispatchCount + 1, afterMs);
        result.deadLettered++;
        continue;
      }
      const count = row.redispatchCount + 1;
      await sendEvents(stripeEventPayload(redispatchEventId(event.id, count), { stripeEvent: event }));
      await markInboxRedispatched(event.id, count);
      logger().warn({ correlationId: event.id, redispatch: count }, "stalled Stripe event handed to Inngest again");
      result.redispatched++;
    } catch (error) {
      // Left as it is: the next sweep tries again.
      logger().warn({ err: error, correlationId: event.id }, "could not hand a stalled Stripe event over again");
      result.failed++;
    }
  }
  return result;
}
