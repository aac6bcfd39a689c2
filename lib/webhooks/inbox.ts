// The webhook inbox: every Stripe event stored once, keyed by its event id, with where it is
// in the pipeline.
import { db, sql } from "@/lib/db/client";
import { createGroupCommit } from "@/lib/db/group-commit";
import type { Prisma } from "@/lib/db/generated/client";
import type { StripeEvent } from "@/lib/stripe/schemas";
import { isHandledStripeEventType } from "./handled-event-types";

/** The inbox row for an event, as the batched insert reads it. */
function inboxRow(event: StripeEvent) {
  return {
    id: event.id,
    type: event.type,
    apiVersion: event.api_version ?? null,
    livemode: event.livemode,
    created: event.created,
    status: isHandledStripeEventType(event.type) ? "received" : "ignored",
    payload: event,
  };
}

// Concurrent deliveries share one INSERT and one commit (see group-commit.ts): under a webhook
// burst this is what keeps the disk's flush rate from capping how fast events are accepted.
const storeInboxBatch = createGroupCommit<StripeEvent, boolean>(async (events) => {
  // Within a batch the first delivery of an id stands for it; later ones are duplicates.
  const firstIndex = new Map<string, number>();
  events.forEach((event, index) => firstIndex.has(event.id) || firstIndex.set(event.id, index));
  const rows = [...firstIndex.values()].map((index) => inboxRow(events[index]!));
  const stored = await sql().query<{ event_id: string }>(
    `INSERT INTO webhook_inbox (event_id, type, api_version, livemode, payload, stripe_created_at, status, processed_at)
     SELECT r->>'id', r->>'type', r->>'apiVersion', (r->>'livemode')::boolean, r->'payload',
            to_timestamp((r->>'created')::double precision), (r->>'status')::"InboxStatus",
            CASE WHEN r->>'status' = 'ignored' THEN now() END
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(r, ord)
     ORDER BY x.ord
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [JSON.stringify(rows)],
  );
  const storedIds = new Set(stored.map((row) => row.event_id));
  return events.map((event, index) => firstIndex.get(event.id) === index && storedIds.has(event.id));
});

/** Stores the event unless its id is already there; returns whether this call stored it. */
export function storeInboxEvent(event: StripeEvent): Promise<boolean> {
  return storeInboxBatch(event);
}

// Nobody waits for this mark, so it is written once per interval for every event sent in it.
const markDispatchedBatch = createGroupCommit<string, void>(
  async (eventIds) => {
    await sql().query(
      `UPDATE webhook_inbox SET status = 'dispatched', dispatched_at = now()
       WHERE event_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND status = 'received'`,
      [JSON.stringify(eventIds)],
    );
    return eventIds.map(() => undefined);
  },
  { delayMs: 200, maxBatch: 1_000 },
);

/** Records the hand-over. Only a "received" row moves: a run may already have processed it. */
export function markInboxDispatched(eventId: string): Promise<void> {
  return markDispatchedBatch(eventId);
}

interface ProcessedMark {
  eventId: string;
  tenantId: string | null;
  note: string | null;
}

// Runs settling at the same time share one UPDATE and its commit: under a backlog the driver runs
// several events at once, and each would otherwise pay a commit here. A failed write rejects its
// callers' marks, so the run's step fails and is retried.
const markProcessedBatch = createGroupCommit<ProcessedMark, void>(async (marks) => {
  await sql().query(
    `UPDATE webhook_inbox w SET status = 'processed', processed_at = now(), tenant_id = (e->>'tenantId')::uuid, last_error = e->>'note'
     FROM jsonb_array_elements($1::jsonb) AS e
     WHERE w.event_id = e->>'eventId'`,
    [JSON.stringify(marks)],
  );
  return marks.map(() => undefined);
});

export function markInboxProcessed(eventId: string, tenantId: string | null, note?: string): Promise<void> {
  return markProcessedBatch({ eventId, tenantId, note: note ?? null });
}

export async function markInboxFailed(eventId: string, reason: string, tenantId: string | null): Promise<void> {
  await db().webhookInbox.updateMany({ where: { eventId }, data: { status: "failed", lastError: reason, tenantId } });
}

/** Events accepted but not yet handed to Inngest (a send failed, or the process died first). */
export async function listUndispatchedEvents(olderThan: Date, limit: number) {
  return db().webhookInbox.findMany({
    where: { status: "received", receivedAt: { lte: olderThan } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { eventId: true, type: true, payload: true },
  });
}

export interface StalledInboxEvent {
  eventId: string;
  payload: Prisma.JsonValue;
  redispatchCount: number;
}

/**
 * Events handed to Inngest before `olderThan` whose run has shown no sign of life since: not
 * settled, and no failed attempt whose next try was due after `olderThan` (a run waiting out its
 * retry policy's backoff is alive).
 */
export async function listStalledDispatchedEvents(olderThan: Date, limit: number): Promise<StalledInboxEvent[]> {
  return db().$queryRaw<StalledInboxEvent[]>`
    SELECT i."event_id" AS "eventId", i."payload", i."redispatch_count" AS "redispatchCount"
    FROM "webhook_inbox" i
    WHERE i."status" = 'dispatched' AND i."dispatched_at" <= ${olderThan}
      AND NOT EXISTS (
        SELECT 1 FROM "job_attempts" a
        WHERE a."job_id" = i."event_id" AND a."failed_at" + COALESCE(a."retry_delay_ms", 0) * interval '1 millisecond' > ${olderThan})
    ORDER BY i."dispatched_at"
    LIMIT ${limit}`;
}

/** Records the n-th hand-over after the first; only while the row is still unsettled at n - 1. */
export async function markInboxRedispatched(eventId: string, count: number): Promise<void> {
  await db().webhookInbox.updateMany({
    where: { eventId, status: "dispatched", redispatchCount: count - 1 },
    data: { redispatchCount: count, dispatchedAt: new Date() },
  });
}

/** The stored Stripe events of `eventIds`, in one statement; an id with no inbox row is left out. */
export async function readInboxEvents(eventIds: string[]): Promise<Map<string, StripeEvent>> {
  if (eventIds.length === 0) return new Map();
  const rows = await sql().query<{ event_id: string; payload: Prisma.JsonValue }>(
    `SELECT event_id, payload FROM webhook_inbox WHERE event_id = ANY($1::text[])`,
    [eventIds],
  );
  return new Map(rows.map((row) => [row.event_id, inboxPayloadToEvent(row.payload)]));
}

export function inboxPayloadToEvent(payload: Prisma.JsonValue): StripeEvent {
  return payload as unknown as StripeEvent;
}
