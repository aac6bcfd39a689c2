// Owner of replays left half-way, single and bulk alike, run by the sweeper every minute.
// "sending" well after its claim: the claimer died before the send was recorded, and the envelope
// (replayed) could be neither replayed nor closed. It is sent now under its own event id, so an
// earlier send that did reach Inngest is dropped as a duplicate; a send that fails reopens it.
// "running" with no outcome and no attempt due for the stall age: its run was lost. The envelope
// opens again saying so, for support to see and replay.
import { getEnv } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { recordReplayStalled } from "./replay-outcome";
import { sendReplays, type ClaimedReplay } from "./replay-envelopes";
import { inngestReplaySender, type ReplaySender } from "./replay-sender";

/** A claim and its send are one request apart: a minute later the claimer is gone. */
export const STALE_SEND_MS = 60_000;
const SWEEPER_ACTOR = "system:replay-sweeper";

export interface ResendScope {
  /** Only this bulk replay's, only these envelopes' (a bulk batch resends its own). */
  bulkId?: string;
  envelopeIds?: string[];
  actor?: string;
  sender?: ReplaySender;
  limit?: number;
}

/** Sends replays still "sending" STALE_SEND_MS after their claim. */
export async function resendStaleReplays(scope: ResendScope = {}): Promise<{ sent: number; failed: number }> {
  const rows = await db().dlqReplay.findMany({
    where: {
      status: "sending",
      createdAt: { lt: new Date(Date.now() - STALE_SEND_MS) },
      ...(scope.bulkId ? { bulkId: scope.bulkId } : {}),
      ...(scope.envelopeIds ? { envelopeId: { in: scope.envelopeIds } } : {}),
    },
    orderBy: { createdAt: "asc" },
    take: scope.limit ?? 500,
    select: { id: true, envelopeId: true, sequence: true, eventId: true, payload: true },
  });
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const envelopes = await db().failureEnvelope.findMany({ where: { id: { in: rows.map((r) => r.envelopeId) } }, select: { id: true, tenantId: true } });
  const tenantOf = new Map(envelopes.map((e) => [e.id, e.tenantId]));
  const replays: ClaimedReplay[] = rows.map((r) => ({ replayId: r.id, envelopeId: r.envelopeId, sequence: r.sequence, eventId: r.eventId, payload: r.payload, tenantId: tenantOf.get(r.envelopeId) ?? null }));
  logger().warn({ replays: replays.map((r) => r.eventId) }, "sending replays whose claimer stopped before sending");
  return sendReplays(replays, scope.actor ?? SWEEPER_ACTOR, scope.sender ?? inngestReplaySender);
}

/** Reopens the envelopes of replays whose run has shown no sign of life for `afterMs`. */
export async function reopenStalledReplays(options: { afterMs?: number; limit?: number } = {}): Promise<number> {
  const afterMs = options.afterMs ?? getEnv().INBOX_REDISPATCH_AFTER_SECONDS * 1000;
  const olderThan = new Date(Date.now() - afterMs);
  const stalled = await db().$queryRaw<{ id: string; envelopeId: string }[]>`
    SELECT r."id", r."envelope_id" AS "envelopeId" FROM "dlq_replays" r
    WHERE r."status" = 'running' AND COALESCE(r."sent_at", r."created_at") <= ${olderThan}
      AND NOT EXISTS (
        SELECT 1 FROM "job_attempts" a
        WHERE a."run_id" = r."run_id" AND a."failed_at" + COALESCE(a."retry_delay_ms", 0) * interval '1 millisecond' > ${olderThan})
    ORDER BY r."created_at"
    LIMIT ${options.limit ?? 500}`;
  const reason = `The replay's run reported no outcome within ${Math.round(afterMs / 60_000)} min: it was lost or never started. Replay it again.`;
  for (const replay of stalled) {
    await recordReplayStalled({ replayOf: replay.envelopeId, replayId: replay.id }, reason, SWEEPER_ACTOR);
  }
  return stalled.length;
}

/** The sweeper's pass over replays: lost runs first, so a replay sent just now is never judged. */
export async function recoverStaleReplays(): Promise<{ reopened: number; resent: number; sendFailed: number }> {
  const reopened = await reopenStalledReplays();
  const { sent, failed } = await resendStaleReplays();
  return { reopened, resent: sent, sendFailed: failed };
}
