// What a replay's run reports back. The run links itself to its replay when it starts; success
// resolves the envelope; failure reopens the SAME envelope with the new failure (the lineage —
// every replay, its run and its error — stays in dlq_replays and the audit log). Each outcome is
// recorded once: its audit event's source id is unique per envelope.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { describeBackoff, type RetryPolicy } from "@/lib/jobs/retry-policies";
import { recordGroupOccurrence, resolveIssueIfSettled } from "./failure-groups";

export interface ReplayMarker {
  replayOf: string;
  replayId: string;
}

/** The replay an Inngest event carries, if it is one. */
export function replayMarkerOf(data: unknown): ReplayMarker | null {
  const d = data as { replayOf?: unknown; replayId?: unknown } | null;
  return d && typeof d.replayOf === "string" && typeof d.replayId === "string" ? { replayOf: d.replayOf, replayId: d.replayId } : null;
}

export async function linkReplayRun(marker: ReplayMarker, runId: string): Promise<void> {
  await db().dlqReplay.updateMany({ where: { id: marker.replayId, envelopeId: marker.replayOf, status: { in: ["sending", "running"] } }, data: { runId, status: "running" } });
}

export async function markReplaySucceeded(marker: ReplayMarker, runId: string, actor: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const sourceEventId = `replay-succeeded:${marker.replayId}`;
    if (await wasApplied(tx, "failure_envelope", marker.replayOf, sourceEventId)) return;
    await tx.dlqReplay.updateMany({ where: { id: marker.replayId }, data: { status: "succeeded", runId, finishedAt: new Date() } });
    const envelope = await tx.failureEnvelope.findUnique({ where: { id: marker.replayOf }, select: { tenantId: true, status: true } });
    // The job succeeded: that resolves the failure, also when a send was wrongly reported as
    // failed and the envelope was reopened. A discarded or already resolved one stays as it is.
    if (!envelope || (envelope.status !== "replayed" && envelope.status !== "open")) return;
    await tx.failureEnvelope.update({ where: { id: marker.replayOf }, data: { status: "resolved" } });
    await recordAuditEvent(tx, {
      tenantId: envelope.tenantId,
      entityType: "failure_envelope",
      entityId: marker.replayOf,
      eventType: "failure_envelope.resolved",
      payload: { by: "replay", replayId: marker.replayId, runId, from: envelope.status },
      actor,
      source: "inngest",
      sourceEventId,
    });
    await resolveIssueIfSettled(tx, marker.replayOf, actor);
  });
}

export interface ReplayFailure {
  runId: string;
  reason: string;
  stack: string | null;
  attempt: number;
  policy: RetryPolicy;
  actor: string;
}

/** The replay's run gave up: the envelope is open again, carrying the new failure. */
export async function recordReplayFailure(marker: ReplayMarker, failure: ReplayFailure): Promise<{ id: string; created: boolean }> {
  return reopenAfterReplay(marker, { ...failure, retry: { attempt: failure.attempt, policy: failure.policy } });
}

/**
 * The replay's run never reported an outcome (lost, or never started): the envelope is open again
 * with that reason, so support sees it and can replay. Its attempts and policy stay as they were.
 * Should the run report after all, its outcome is still recorded (success resolves, a failure is
 * already counted under the same source id).
 */
export async function recordReplayStalled(marker: ReplayMarker, reason: string, actor: string): Promise<{ id: string; created: boolean }> {
  return reopenAfterReplay(marker, { runId: null, reason, stack: null, actor, retry: null });
}

interface ReplayEnd {
  runId: string | null;
  reason: string;
  stack: string | null;
  actor: string;
  retry: { attempt: number; policy: RetryPolicy } | null;
}

async function reopenAfterReplay(marker: ReplayMarker, failure: ReplayEnd): Promise<{ id: string; created: boolean }> {
  return db().$transaction(async (tx) => {
    const sourceEventId = `replay-failed:${marker.replayId}`;
    if (await wasApplied(tx, "failure_envelope", marker.replayOf, sourceEventId)) return { id: marker.replayOf, created: false };
    const envelope = await tx.failureEnvelope.findUnique({ where: { id: marker.replayOf }, select: { tenantId: true, jobType: true, reason: true, status: true } });
    if (!envelope) return { id: marker.replayOf, created: false };
    const failedAt = new Date();
    await tx.dlqReplay.updateMany({ where: { id: marker.replayId }, data: { status: "failed", runId: failure.runId ?? undefined, error: failure.reason.slice(0, 4000), finishedAt: failedAt } });
    const latest = await tx.dlqReplay.findFirst({ where: { envelopeId: marker.replayOf }, orderBy: { sequence: "desc" }, select: { id: true } });
    if (envelope.status !== "replayed" || latest?.id !== marker.replayId) {
      // A newer replay is in flight, or support closed the failure meanwhile: record, don't reopen.
      await recordAuditEvent(tx, {
        tenantId: envelope.tenantId,
        entityType: "failure_envelope",
        entityId: marker.replayOf,
        eventType: "failure_envelope.replay_failed",
        payload: { replayId: marker.replayId, runId: failure.runId, reason: failure.reason.slice(0, 500), reopened: false },
        actor: failure.actor,
        source: "inngest",
        sourceEventId,
      });
      return { id: marker.replayOf, created: false };
    }
    await tx.failureEnvelope.update({
      where: { id: marker.replayOf },
      data: {
        status: "open",
        reason: failure.reason.slice(0, 4000),
        stack: failure.stack?.slice(0, 16000) ?? null,
        failedAt,
        ...(failure.retry
          ? { attempt: failure.retry.attempt, maxAttempts: failure.retry.policy.maxAttempts, backoffStrategy: describeBackoff(failure.retry.policy) }
          : {}),
      },
    });
    await recordGroupOccurrence(tx, marker.replayOf, failure.reason, failedAt);
    await recordAuditEvent(tx, {
      tenantId: envelope.tenantId,
      entityType: "failure_envelope",
      entityId: marker.replayOf,
      eventType: "failure_envelope.replay_failed",
      payload: { replayId: marker.replayId, runId: failure.runId, previousReason: envelope.reason.slice(0, 500), reason: failure.reason.slice(0, 500), reopened: true },
      actor: failure.actor,
      source: "inngest",
      sourceEventId,
    });
    return { id: marker.replayOf, created: true };
  });
}
