// Writes the standardized failure envelope of a job that gave up for good. Idempotent on
// (job id, run id): a retried onFailure handler writes it once. The failure also counts in its
// issue (failure group), reopening it if support had resolved it.
import { logger } from "@/lib/logging/logger";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { describeBackoff, type RetryPolicy } from "@/lib/jobs/retry-policies";
import { recordGroupOccurrence } from "./failure-groups";

export interface FailureEnvelopeInput {
  jobId: string;
  jobType: string;
  runId: string;
  tenantId: string | null;
  attempt: number;
  policy: RetryPolicy;
  reason: string;
  stack: string | null;
  payload: Prisma.InputJsonValue;
  stripeEventId: string | null;
  failedAt?: Date;
}

export async function recordFailureEnvelope(input: FailureEnvelopeInput): Promise<{ id: string; created: boolean }> {
  return db().$transaction(async (tx) => {
    const existing = await tx.failureEnvelope.findUnique({ where: { jobId_runId: { jobId: input.jobId, runId: input.runId } }, select: { id: true } });
    if (existing) return { id: existing.id, created: false };
    const failedAt = input.failedAt ?? new Date();
    const envelope = await tx.failureEnvelope.create({
      data: {
        jobId: input.jobId,
        jobType: input.jobType,
        runId: input.runId,
        tenantId: input.tenantId,
        failedAt,
        attempt: input.attempt,
        maxAttempts: input.policy.maxAttempts,
        reason: input.reason.slice(0, 4000),
        stack: input.stack?.slice(0, 16000) ?? null,
        payload: input.payload,
        // Exhausted: nothing retries it until someone replays it.
        nextRetryAt: null,
        backoffStrategy: describeBackoff(input.policy),
        stripeEventId: input.stripeEventId,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      tenantId: input.tenantId,
      entityType: "failure_envelope",
      entityId: envelope.id,
      eventType: "failure_envelope.created",
      payload: { jobId: input.jobId, jobType: input.jobType, runId: input.runId, reason: input.reason.slice(0, 500) },
      actor: `system:${input.jobType}`,
      source: "inngest",
    });
    await recordGroupOccurrence(tx, envelope.id, input.reason, failedAt);
    logger().error({ correlationId: input.stripeEventId ?? input.jobId, jobType: input.jobType, runId: input.runId, envelopeId: envelope.id, reason: input.reason }, "job dead-lettered");
    return { id: envelope.id, created: true };
  });
}
