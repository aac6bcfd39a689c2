// Bulk replay of a filtered slice. The selection is saved when support asks (exactly the open
// envelopes the filter matched then, never more), then an Inngest function replays it in paced
// batches — a token bucket of `ratePerSecond`, so replayed jobs do not trip Stripe's rate limits.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db, sql } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { bulkReplayRequested } from "@/lib/events/definitions";
import { sendEvents } from "@/lib/events/send-event";
import { buildEnvelopeWhere, mergeSearch } from "./envelope-filter-sql";
import type { DlqFilter } from "./filters";
import { settleConvergedEnvelopes } from "./converged";
import { resendStaleReplays } from "./recover-stale-replays";
import { claimForReplay, sendReplays } from "./replay-envelopes";
import { inngestReplaySender, type ReplaySender } from "./replay-sender";

export const MAX_BULK_SELECTION = 20_000;
export const DEFAULT_REPLAY_RATE_PER_SECOND = 20;
/** Inngest allows 1,000 steps per run; two per batch keeps well under it. */
const MAX_BATCHES = 300;

export interface BulkReplayRequest {
  filter: DlqFilter;
  actor: string;
  ratePerSecond?: number;
  /** Tests and the benchmark start the batches themselves. */
  startRun?: boolean;
}

/** Saves the selection and starts the paced replay. Refuses an empty selection (no write). */
export async function startBulkReplay(request: BulkReplayRequest): Promise<{ bulkId: string; total: number }> {
  const where = await buildEnvelopeWhere({ ...request.filter, status: "open" });
  mergeSearch(where);
  const rate = request.ratePerSecond ?? DEFAULT_REPLAY_RATE_PER_SECOND;
  const bulk = await db().$transaction(async (tx) => {
    const created = await tx.dlqBulkReplay.create({
      data: { filter: JSON.parse(JSON.stringify(request.filter)), total: 0, ratePerSecond: rate, actor: request.actor },
      select: { id: true },
    });
    const params = [...where.params, created.id, MAX_BULK_SELECTION];
    const total = await tx.$executeRawUnsafe(
      `INSERT INTO "dlq_bulk_replay_items" ("bulk_id", "position", "envelope_id")
       SELECT $${params.length - 1}::uuid, row_number() OVER (ORDER BY s."failed_at" DESC, s."id" DESC), s."id"
       FROM (SELECT fe."id", fe."failed_at" FROM "failure_envelopes" fe WHERE ${where.clauses.join(" AND ")}
             ORDER BY fe."failed_at" DESC, fe."id" DESC LIMIT $${params.length}) s`,
      ...params,
    );
    if (total === 0) throw new AppError("conflict", "No open failure matches this selection: nothing to replay.");
    await tx.dlqBulkReplay.update({ where: { id: created.id }, data: { total } });
    await recordAuditEvent(tx, {
      entityType: "dlq_bulk_replay",
      entityId: created.id,
      eventType: "dlq_bulk_replay.requested",
      payload: { filter: JSON.parse(JSON.stringify(request.filter)), total, ratePerSecond: rate },
      actor: request.actor,
      source: "support",
    });
    return { bulkId: created.id, total };
  });
  if (request.startRun !== false) {
    await sendEvents({ id: `bulk-replay:${bulk.bulkId}`, name: bulkReplayRequested.name, data: { bulkId: bulk.bulkId } }).catch(async (error: unknown) => {
      // Nothing was claimed yet: the selection stops here, visibly, and the error reaches the caller.
      await stopBulkReplay(bulk.bulkId, `The replay job could not be started: ${(error as Error).message}`);
      throw error;
    });
  }
  return bulk;
}

export interface BulkPlan {
  batchSize: number;
  pauseMs: number;
  batches: number;
}

/** Batch size and pause for the run: `ratePerSecond` replays per second on average. */
export async function planBulkReplay(bulkId: string): Promise<BulkPlan> {
  const bulk = await db().dlqBulkReplay.findUniqueOrThrow({ where: { id: bulkId }, select: { total: true, ratePerSecond: true } });
  const batchSize = Math.max(1, bulk.ratePerSecond, Math.ceil(bulk.total / MAX_BATCHES));
  await db().dlqBulkReplay.updateMany({ where: { id: bulkId, status: "queued" }, data: { status: "running" } });
  return { batchSize, pauseMs: Math.ceil((batchSize / bulk.ratePerSecond) * 1000), batches: Math.ceil(bulk.total / batchSize) };
}

export interface BulkProgress {
  done: boolean;
  total: number;
  processed: number;
  sent: number;
  /** Settled without a replay: their effect was already there. */
  converged: number;
  skipped: number;
  failed: number;
}

async function refreshCounters(bulkId: string, cursor: number, done: boolean): Promise<BulkProgress> {
  // Counted from the replays themselves, so a batch retried after a crash never counts twice.
  const [counts] = await sql().query<{ sent: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE "status" <> 'send_failed')::int AS "sent", count(*) FILTER (WHERE "status" = 'send_failed')::int AS "failed"
     FROM "dlq_replays" WHERE "bulk_id" = $1`,
    [bulkId],
  );
  const [settled] = await sql().query<{ converged: number }>(
    `SELECT count(*)::int AS "converged" FROM "dlq_bulk_replay_items" i
     JOIN "audit_events" a ON a."entity_type" = 'failure_envelope' AND a."entity_id" = i."envelope_id"::text AND a."event_type" = 'failure_envelope.converged'
     WHERE i."bulk_id" = $1 AND i."position" <= $2 AND a."created_at" >= (SELECT "created_at" FROM "dlq_bulk_replays" WHERE "id" = $1)`,
    [bulkId, cursor],
  );
  const converged = settled?.converged ?? 0;
  const sent = counts?.sent ?? 0;
  const failed = counts?.failed ?? 0;
  const bulk = await db().dlqBulkReplay.update({
    where: { id: bulkId },
    data: { cursor, sent, failed, skipped: Math.max(0, cursor - sent - failed), ...(done ? { status: "done", finishedAt: new Date() } : {}) },
    select: { total: true },
  });
  return { done, total: bulk.total, processed: cursor, sent, converged, failed, skipped: Math.max(0, cursor - sent - failed - converged) };
}

/** Replays the next batch of the selection. Safe to re-run: a claimed envelope is never claimed again. */
export async function replayNextBatch(bulkId: string, batchSize: number, sender: ReplaySender = inngestReplaySender): Promise<BulkProgress> {
  const bulk = await db().dlqBulkReplay.findUniqueOrThrow({ where: { id: bulkId }, select: { cursor: true, total: true, actor: true, status: true } });
  if (bulk.status === "done") return refreshCounters(bulkId, bulk.cursor, true);
  const items = await db().dlqBulkReplayItem.findMany({ where: { bulkId, position: { gt: bulk.cursor } }, orderBy: { position: "asc" }, take: batchSize, select: { envelopeId: true, position: true } });
  const envelopeIds = items.map((item) => item.envelopeId);
  // Replays of this batch claimed by an attempt that crashed before sending: sent now by their
  // owner (the sweeper does the same for every replay, so a bulk run that never resumes is covered).
  await resendStaleReplays({ bulkId, envelopeIds, actor: bulk.actor, sender });
  // State-aware: an envelope whose effect is already there is settled as converged, not re-run.
  const { toReplay } = await settleConvergedEnvelopes(envelopeIds, bulk.actor);
  const claimed = await db().$transaction((tx) => claimForReplay(tx, toReplay, { actor: bulk.actor, bulkId }));
  await sendReplays(claimed, bulk.actor, sender);
  const cursor = items.length ? items[items.length - 1]!.position : bulk.cursor;
  return refreshCounters(bulkId, cursor, cursor >= bulk.total || items.length === 0);
}

/**
 * The bulk replay's run gave up (or never started): the row stops saying "running" and says so.
 * Envelopes it had claimed are owned by the replay sweeper; those it had not reached stay open.
 */
export async function stopBulkReplay(bulkId: string, reason: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const stopped = await tx.dlqBulkReplay.updateMany({ where: { id: bulkId, status: { in: ["queued", "running"] } }, data: { status: "failed", finishedAt: new Date() } });
    if (stopped.count === 0) return;
    await recordAuditEvent(tx, {
      entityType: "dlq_bulk_replay",
      entityId: bulkId,
      eventType: "dlq_bulk_replay.failed",
      payload: { reason: reason.slice(0, 2000) },
      actor: "system:bulk-replay",
      source: "system",
    });
  });
}
