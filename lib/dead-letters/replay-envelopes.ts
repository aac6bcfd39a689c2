// Replays failure envelopes through Inngest. Claiming is one conditional statement
// (open → replayed), so a double click, two agents or two bulk replays can never send one
// envelope twice; the event id replay:<envelope>:<n> makes a re-send after a crash a no-op too.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { isStripeEventData, stripeEventPayload } from "@/lib/events/definitions";
import { checkReplayPayload, diffJson } from "./replay-payload";
import { inngestReplaySender, type ReplayEvent, type ReplaySender } from "./replay-sender";

type Tx = Prisma.TransactionClient;

export interface ClaimedReplay {
  replayId: string;
  envelopeId: string;
  sequence: number;
  eventId: string;
  payload: Prisma.JsonValue;
  tenantId: string | null;
}

interface ClaimOptions {
  actor: string;
  bulkId?: string | null;
  /** A corrected payload (single replays only). */
  payload?: Prisma.InputJsonValue | null;
}

/** Moves the open ones of `envelopeIds` to replayed and records a replay for each, in one statement. */
export async function claimForReplay(tx: Tx, envelopeIds: string[], options: ClaimOptions): Promise<ClaimedReplay[]> {
  if (envelopeIds.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ replay_id: string; envelope_id: string; sequence: number; event_id: string; payload: Prisma.JsonValue; tenant_id: string | null }[]>(
    `WITH "claimed" AS (
       UPDATE "failure_envelopes" SET "status" = 'replayed', "updated_at" = now()
       WHERE "id" IN (SELECT (jsonb_array_elements_text($1::jsonb))::uuid) AND "status" = 'open'
       RETURNING "id", "payload", "tenant_id"
     ), "numbered" AS (
       SELECT c.*, COALESCE((SELECT max(r."sequence") FROM "dlq_replays" r WHERE r."envelope_id" = c."id"), 0) + 1 AS "seq" FROM "claimed" c
     ), "inserted" AS (
       INSERT INTO "dlq_replays" ("envelope_id", "sequence", "status", "event_id", "payload", "edited", "actor", "bulk_id")
       SELECT n."id", n."seq", 'sending', 'replay:' || n."id" || ':' || n."seq", COALESCE($2::jsonb, n."payload"), $2::jsonb IS NOT NULL, $3, $4::uuid
       FROM "numbered" n
       RETURNING "id", "envelope_id", "sequence", "event_id", "payload"
     )
     SELECT i."id" AS "replay_id", i."envelope_id", i."sequence", i."event_id", i."payload", n."tenant_id"
     FROM "inserted" i JOIN "numbered" n ON n."id" = i."envelope_id"`,
    JSON.stringify(envelopeIds),
    options.payload === undefined || options.payload === null ? null : JSON.stringify(options.payload),
    options.actor,
    options.bulkId ?? null,
  );
  for (const row of rows) {
    await recordAuditEvent(tx, {
      tenantId: row.tenant_id,
      entityType: "failure_envelope",
      entityId: row.envelope_id,
      eventType: "failure_envelope.replayed",
      payload: { replayId: row.replay_id, sequence: row.sequence, eventId: row.event_id, edited: options.payload != null, bulkId: options.bulkId ?? null },
      actor: options.actor,
      source: "support",
      sourceEventId: row.event_id,
    });
  }
  return rows.map((row) => ({ replayId: row.replay_id, envelopeId: row.envelope_id, sequence: row.sequence, eventId: row.event_id, payload: row.payload, tenantId: row.tenant_id }));
}

/** The Inngest event of a replay, or null when the payload is not a Stripe event. */
export function replayEventOf(replay: Pick<ClaimedReplay, "replayId" | "envelopeId" | "eventId" | "payload">): ReplayEvent | null {
  const payload: unknown = replay.payload;
  if (!isStripeEventData(payload)) return null;
  return stripeEventPayload(replay.eventId, { ...payload, replayOf: replay.envelopeId, replayId: replay.replayId });
}

/** After Inngest accepted the events: the replays wait for their runs. */
export async function markReplaysSent(replays: { replayId: string }[], sentIds: string[]): Promise<void> {
  await Promise.all(
    replays.map((replay, i) =>
      db().dlqReplay.updateMany({ where: { id: replay.replayId, status: "sending" }, data: { status: "running", sentAt: new Date(), sentEventIds: sentIds[i] ? [sentIds[i]] : [] } }),
    ),
  );
}

/** A send that failed: the envelope goes back to open, the replay records why. */
export async function markReplaysUnsent(replays: ClaimedReplay[], reason: string, actor: string): Promise<void> {
  await db().$transaction(async (tx) => {
    for (const replay of replays) {
      const updated = await tx.dlqReplay.updateMany({ where: { id: replay.replayId, status: "sending" }, data: { status: "send_failed", error: reason.slice(0, 2000), finishedAt: new Date() } });
      if (updated.count === 0) continue;
      await tx.failureEnvelope.updateMany({ where: { id: replay.envelopeId, status: "replayed" }, data: { status: "open" } });
      await recordAuditEvent(tx, {
        tenantId: replay.tenantId,
        entityType: "failure_envelope",
        entityId: replay.envelopeId,
        eventType: "failure_envelope.replay_not_sent",
        payload: { replayId: replay.replayId, reason: reason.slice(0, 500) },
        actor,
        source: "support",
      });
    }
  });
}

/** Sends claimed replays in one call; returns how many were sent and how many failed. */
export async function sendReplays(replays: ClaimedReplay[], actor: string, sender: ReplaySender): Promise<{ sent: number; failed: number }> {
  const sendable = replays.flatMap((replay) => {
    const event = replayEventOf(replay);
    return event ? [{ replay, event }] : [];
  });
  const unsendable = replays.filter((replay) => !sendable.some((s) => s.replay === replay));
  if (unsendable.length) await markReplaysUnsent(unsendable, "The payload is not a Stripe event to replay.", actor);
  if (sendable.length === 0) return { sent: 0, failed: unsendable.length };
  try {
    const ids = await sender.send(sendable.map((s) => s.event));
    await markReplaysSent(sendable.map((s) => s.replay), ids);
    return { sent: sendable.length, failed: unsendable.length };
  } catch (error) {
    await markReplaysUnsent(sendable.map((s) => s.replay), `Inngest did not accept the replay: ${error instanceof Error ? error.message : String(error)}`, actor);
    return { sent: 0, failed: replays.length };
  }
}

export interface ReplayRequest {
  envelopeId: string;
  actor: string;
  /** A corrected payload; validated against the job's schema, diffed and audited. */
  payload?: unknown;
  sender?: ReplaySender;
}

/** One-click replay (optionally of a corrected payload). Conflict when it is not open. */
export async function replayEnvelope(request: ReplayRequest): Promise<{ replayId: string; eventId: string; sequence: number }> {
  const envelope = await db().failureEnvelope.findUnique({ where: { id: request.envelopeId }, select: { id: true, status: true, payload: true, tenantId: true } });
  if (!envelope) throw new AppError("not_found", "That failure does not exist.");
  if (request.payload !== undefined) {
    const check = checkReplayPayload(request.payload, envelope.payload);
    if (!check.ok) throw new AppError("invalid_input", `The corrected payload is not valid: ${check.issues.map((i) => `${i.path || "payload"} ${i.message}`).join("; ")}`, { issues: check.issues });
  }
  const edited = request.payload === undefined ? null : (request.payload as Prisma.InputJsonValue);
  const claimed = await db().$transaction(async (tx) => {
    const rows = await claimForReplay(tx, [envelope.id], { actor: request.actor, payload: edited });
    const replay = rows[0];
    if (replay && edited !== null) {
      await recordAuditEvent(tx, {
        tenantId: envelope.tenantId,
        entityType: "failure_envelope",
        entityId: envelope.id,
        eventType: "failure_envelope.payload_edited",
        payload: { replayId: replay.replayId, diff: JSON.parse(JSON.stringify(diffJson(envelope.payload, edited))) },
        actor: request.actor,
        source: "support",
      });
    }
    return rows;
  });
  const replay = claimed[0];
  if (!replay) throw new AppError("conflict", `This failure is ${envelope.status === "open" ? "already being replayed" : envelope.status}; it was not replayed again.`);
  const result = await sendReplays(claimed, request.actor, request.sender ?? inngestReplaySender);
  if (result.sent === 0) throw new AppError("unavailable", "The replay could not be handed to Inngest; the failure is open again. Try again in a moment.");
  return { replayId: replay.replayId, eventId: replay.eventId, sequence: replay.sequence };
}
