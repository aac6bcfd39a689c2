// The driver's SQL. Every write that must not half-happen is one statement (CTEs), because
// PGlite has a single session that concurrent runs share: no multi-statement transactions here.
import type { SqlSession } from "./sql";

export type JsonObject = { [key: string]: unknown };

export type RunStatus = "queued" | "running" | "completed" | "failed";

/** A step the SDK planned that the driver still has to resolve, in the order reported. */
export type PlannedStep = { id: string; kind: "run"; name?: string } | { id: string; kind: "sleep"; name?: string; wakeAt: string };

/** A memoized result, in the shape the SDK's `steps` memo expects. */
export type StepResult = { data: unknown } | { error: unknown };

export interface StoredEvent {
  id: string;
  externalId?: string;
  name: string;
  payload: JsonObject;
}

export interface ClaimedRun {
  id: string;
  functionId: string;
  eventId: string;
  /**
   * The triggering event's payload and the memo so far, read by the claim itself (no further round
   * trips). A batch run's `events` holds every payload in arrival order (`event` is the first).
   */
  input: { event: JsonObject | null; events: JsonObject[] | null; steps: MemoizedStep[] };
  attempt: number;
  maxAttempts: number;
  plannedSteps: PlannedStep[];
  disableImmediateExecution: boolean;
}

export interface MemoizedStep {
  id: string;
  result: StepResult;
}

export interface RunSummary {
  id: string;
  functionId: string;
  status: RunStatus;
  attempt: number;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  output: unknown;
  error: unknown;
  /** The driver's id of the triggering event. */
  eventId: string;
  /** The id the sender gave the event (e.g. the Stripe event id), if any. */
  eventExternalId: string | null;
  eventName: string;
}

export interface RunFilter {
  runId?: string;
  /** Matches the driver's event id or the sender's event id (any event of a batch run). */
  eventId?: string;
  functionId?: string;
}

const DEDUPE_WINDOW = `interval '24 hours'`;
/** The due time of a cron that has no further tick. */
const NEVER = new Date("9999-12-31T00:00:00Z");

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * Stores events, skipping any whose sender id was seen in the last 24 h or whose driver id exists
 * (an SDK retry of the same send). Returns the stored id for every input, existing ones included.
 * The common case (new ids, or duplicates inside the window) is one statement.
 */
export async function insertEvents(db: SqlSession, events: StoredEvent[]): Promise<string[]> {
  const rows = await db.query<{ id: string; external_id: string | null; stored: boolean; existing_id: string | null; stale: boolean | null }>(
    `WITH input AS (
       SELECT e->>'id' AS id, e->>'externalId' AS external_id, e->>'name' AS name, e->'payload' AS payload, x.ord
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
     ), inserted AS (
       INSERT INTO "inngest_events" ("id", "external_id", "dedupe_key", "name", "payload")
       SELECT id, external_id, external_id, name, payload FROM input ORDER BY ord
       ON CONFLICT DO NOTHING
       RETURNING "id"
     )
     SELECT input.id, input.external_id, input.id IN (SELECT id FROM inserted) AS stored,
            existing."id" AS existing_id, existing."received_at" < now() - ${DEDUPE_WINDOW} AS stale
     FROM input LEFT JOIN "inngest_events" existing ON existing."dedupe_key" = input.external_id
     ORDER BY input.ord`,
    [json(events)],
  );
  // Rows the statement cannot settle: a claim older than the window (the id may be reused), or a
  // conflict with a row committed after the statement's snapshot. A repeat of an id stored
  // earlier in the same batch is settled by that row.
  const storedNow = new Map(rows.flatMap((row) => (row.stored && row.external_id ? [[row.external_id, row.id] as const] : [])));
  const ids = rows.map((row) => {
    if (row.stored) return row.id;
    if (row.external_id === null) return row.id;
    if (row.existing_id !== null && !row.stale) return row.existing_id;
    return storedNow.get(row.external_id) ?? null;
  });
  if (ids.every((id) => id !== null)) return ids as string[];
  return insertEventsReleasingStaleClaims(db, events);
}

async function insertEventsReleasingStaleClaims(db: SqlSession, events: StoredEvent[]): Promise<string[]> {
  const dedupeKeys = events.flatMap((event) => (event.externalId ? [event.externalId] : []));
  // An id may be reused once its 24 h window has passed: release the old claim first.
  await db.query(
    `UPDATE "inngest_events" SET "dedupe_key" = NULL
     WHERE "dedupe_key" IN (SELECT jsonb_array_elements_text($1::jsonb)) AND "received_at" < now() - ${DEDUPE_WINDOW}`,
    [json(dedupeKeys)],
  );
  await db.query(
    `INSERT INTO "inngest_events" ("id", "external_id", "dedupe_key", "name", "payload")
     SELECT e->>'id', e->>'externalId', e->>'externalId', e->>'name', e->'payload'
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, ord)
     ORDER BY x.ord
     ON CONFLICT DO NOTHING`,
    [json(events)],
  );
  const rows = await db.query<{ id: string; dedupe_key: string }>(
    `SELECT "id", "dedupe_key" FROM "inngest_events" WHERE "dedupe_key" IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [json(dedupeKeys)],
  );
  const byDedupeKey = new Map(rows.map((row) => [row.dedupe_key, row.id]));
  return events.map((event) => (event.externalId && byDedupeKey.get(event.externalId)) || event.id);
}

/** The oldest `$1` events not yet fanned out, in arrival order (inngest_pending_events' key). */
export const PENDING_EVENTS_SQL = `SELECT e."id", e."external_id", e."name", e."payload", p."sequence"::text AS "sequence_text"
     FROM "inngest_pending_events" p JOIN "inngest_events" e ON e."id" = p."event_id"
     WHERE p."sequence" > $2::bigint ORDER BY p."sequence" LIMIT $1`;

/** A stored event waiting for fan-out, with its place in arrival order. */
export interface PendingEvent extends StoredEvent {
  sequence: string;
}

/**
 * The oldest `limit` events still to fan out, after `afterSequence` if given. A reader that has
 * just fanned out up to some sequence passes it: the index entries of the events it fanned out
 * stay in the index until vacuum (and cannot even be skipped while older transactions are open),
 * so a read from the start steps over every one of them. An event that commits later with a
 * lower sequence is found by the next read from the start.
 */
export async function pendingEvents(db: SqlSession, limit: number, afterSequence = "0"): Promise<PendingEvent[]> {
  const rows = await db.query<{ id: string; external_id: string | null; name: string; payload: JsonObject; sequence_text: string }>(PENDING_EVENTS_SQL, [limit, afterSequence]);
  // A bigint as text: JavaScript numbers lose precision past 2^53.
  return rows.map((row) => ({ id: row.id, externalId: row.external_id ?? undefined, name: row.name, payload: row.payload, sequence: row.sequence_text }));
}

export interface NewRun {
  id: string;
  functionId: string;
  maxAttempts: number;
  idempotencyKey?: string;
  /** Set for a batchEvents function: the event joins this batch instead of starting a run. */
  batchKey?: string;
  /** The batch's size (batchEvents.maxSize), set with batchKey. */
  batchMaxSize?: number;
}

export interface EventFanOut {
  eventId: string;
  /** The event's place in arrival order, as pendingEvents read it: the key of its pending row. */
  sequence: string;
  runs: NewRun[];
}

/**
 * Claims events by deleting their pending rows and creates their runs (or adds them to their open
 * batches) in one statement: a second driver doing the same events concurrently finds them
 * already claimed and creates nothing. A batch's events first fill its open batch; those past it
 * that make up full batches start runs here, in arrival order, and only the rest is left open. A
 * backlog's full batches so skip the open-batch rows (an insert, a foreign-key check and a delete
 * each), as flushBatches would have started them at once anyway. The open batches are counted
 * without a lock: a driver fanning out the same batch at once may fill it past its size, and
 * flushBatches splits it into runs of at most that size.
 */
export async function fanOutEvents(db: SqlSession, fanOuts: EventFanOut[]): Promise<void> {
  const keyed = fanOuts.flatMap((fanOut) => fanOut.runs.filter((run) => run.idempotencyKey !== undefined));
  if (keyed.length) {
    // A key may be reused once its 24 h window has passed: release the old claim first.
    await db.query(
      `UPDATE "inngest_runs" r SET "idempotency_key" = NULL
       FROM jsonb_array_elements($1::jsonb) AS k
       WHERE r."function_id" = k->>'functionId' AND r."idempotency_key" = k->>'idempotencyKey'
         AND r."created_at" < now() - ${DEDUPE_WINDOW}`,
      [json(keyed)],
    );
  }
  await db.query(
    `WITH input AS (
       SELECT item->>'eventId' AS event_id, (item->>'sequence')::bigint AS "sequence", item->'runs' AS runs, ord
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(item, ord)
     ), claimed AS (
       DELETE FROM "inngest_pending_events" p USING input
       WHERE p."sequence" = input."sequence" AND p."event_id" = input.event_id
       RETURNING p."event_id" AS "id", p."sequence"
     ), to_batch AS (
       SELECT run->>'functionId' AS function_id, run->>'batchKey' AS batch_key, (run->>'batchMaxSize')::int AS max_size,
              (run->>'maxAttempts')::int AS max_attempts, claimed."id" AS event_id, claimed."sequence"
       FROM claimed JOIN input ON input.event_id = claimed."id", jsonb_array_elements(input.runs) AS r(run)
       WHERE run->>'batchKey' IS NOT NULL
     ), open_sizes AS (
       SELECT b."function_id" AS function_id, b."batch_key" AS batch_key, count(*)::int AS n
       FROM "inngest_batch_events" b
       WHERE (b."function_id", b."batch_key") IN (SELECT function_id, batch_key FROM to_batch)
       GROUP BY b."function_id", b."batch_key"
     ), filled AS (
       -- fill: how many of these events the open batch still takes (none when no batch is open).
       SELECT t.*, CASE WHEN o.n IS NULL THEN 0 ELSE GREATEST(t.max_size - o.n, 0) END AS fill,
              row_number() OVER w - 1 AS position, count(*) OVER w AS total
       FROM to_batch t LEFT JOIN open_sizes o ON o.function_id = t.function_id AND o.batch_key = t.batch_key
       WINDOW w AS (PARTITION BY t.function_id, t.batch_key ORDER BY t."sequence" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
     ), placed AS (
       -- After the fill, events in full chunks of max_size start runs; the rest open a batch.
       SELECT f.*, (f.position - f.fill) / f.max_size AS chunk,
              COALESCE(f.position >= f.fill AND (f.position - f.fill) / f.max_size < (f.total - f.fill) / f.max_size, false) AS direct
       FROM filled f
     ), batched AS (
       INSERT INTO "inngest_batch_events" ("function_id", "batch_key", "event_id", "sequence")
       SELECT function_id, batch_key, event_id, "sequence" FROM placed WHERE NOT direct
       ON CONFLICT DO NOTHING
     ), full_batches AS (
       INSERT INTO "inngest_runs" ("id", "function_id", "event_id", "max_attempts", "batch_event_ids")
       SELECT gen_random_uuid()::text, function_id, (array_agg(event_id ORDER BY "sequence"))[1], max_attempts,
              jsonb_agg(event_id ORDER BY "sequence")
       FROM placed WHERE direct
       GROUP BY function_id, batch_key, chunk, max_attempts
     )
     INSERT INTO "inngest_runs" ("id", "function_id", "event_id", "max_attempts", "idempotency_key")
     SELECT run->>'id', run->>'functionId', claimed."id", (run->>'maxAttempts')::int, run->>'idempotencyKey'
     FROM claimed JOIN input ON input.event_id = claimed."id", jsonb_array_elements(input.runs) WITH ORDINALITY AS r(run, ord)
     WHERE run->>'batchKey' IS NULL
     ORDER BY input.ord, r.ord
     ON CONFLICT ("function_id", "idempotency_key") DO NOTHING`,
    [json(fanOuts)],
  );
}

export interface BatchingFunction {
  functionId: string;
  maxSize: number;
  timeoutMs: number;
  maxAttempts: number;
}

/**
 * Turns every open batch that is full or whose oldest event was received longer ago than its
 * function's timeout into runs of at most `maxSize` events each (oldest first), removing those
 * events from the batch, in one statement. The timeout counts from the event's receipt, as on
 * Inngest, where an event joins its batch as it arrives: events that waited for a driver (a
 * backlog) are not held back a second time. While `fanningOutBacklog` (more events wait to be
 * fanned out, and may fill the open batches), a batch that is not full waits its timeout from
 * when it was opened instead, as long as it would wait without a backlog and no longer. The
 * events are deleted as they are taken (rows another driver is taking are skipped), so of two
 * drivers flushing at once, each event reaches exactly one run. Answers how long until the
 * earliest batch still open times out (null when none is open).
 */
export async function flushBatches(db: SqlSession, functions: BatchingFunction[], options: { fanningOutBacklog?: boolean } = {}): Promise<number | null> {
  if (functions.length === 0) return null;
  const rows = await db.query<{ next_due_in_ms: number | null }>(
    `WITH policy AS (
       SELECT p->>'functionId' AS function_id, (p->>'maxSize')::int AS max_size, (p->>'timeoutMs')::float8 AS timeout_ms,
              (p->>'maxAttempts')::int AS max_attempts
       FROM jsonb_array_elements($1::jsonb) AS p
     ), open_batches AS (
       -- Every open batch, counted without a lock: most are neither full nor due, and locking
       -- their rows on every flush would rewrite each of them once per flush.
       SELECT b."function_id", b."batch_key", count(*) AS size,
              min(CASE WHEN $2 THEN b."added_at" ELSE (SELECT e."received_at" FROM "inngest_events" e WHERE e."id" = b."event_id") END)
                + p.timeout_ms * interval '1 millisecond' AS due_at,
              p.max_size
       FROM "inngest_batch_events" b JOIN policy p ON p.function_id = b."function_id"
       GROUP BY b."function_id", b."batch_key", p.timeout_ms, p.max_size
     ), open_events AS (
       -- Only the rows of batches that look full or due are locked and taken; the rest of the
       -- statement decides on the rows it holds, as before.
       SELECT b."function_id", b."batch_key", b."event_id", b."sequence", b."added_at", e."received_at"
       FROM "inngest_batch_events" b
       JOIN open_batches d ON d."function_id" = b."function_id" AND d."batch_key" = b."batch_key" AND (d.size >= d.max_size OR d.due_at <= now())
       JOIN "inngest_events" e ON e."id" = b."event_id"
       FOR UPDATE OF b SKIP LOCKED
     ), chunked AS (
       SELECT o.*, p.max_size, p.timeout_ms, p.max_attempts,
              (row_number() OVER (PARTITION BY o."function_id", o."batch_key" ORDER BY o."sequence") - 1) / p.max_size AS chunk
       FROM open_events o JOIN policy p ON p.function_id = o."function_id"
     ), sized AS (
       SELECT c.*, count(*) OVER w AS size,
              min(CASE WHEN $2 THEN c."added_at" ELSE c."received_at" END) OVER w + c.timeout_ms * interval '1 millisecond' AS due_at
       FROM chunked c WINDOW w AS (PARTITION BY c."function_id", c."batch_key", c.chunk)
     ), removed AS (
       DELETE FROM "inngest_batch_events" b USING sized s
       WHERE b."function_id" = s."function_id" AND b."event_id" = s."event_id" AND (s.size >= s.max_size OR s.due_at <= now())
       RETURNING b."function_id", b."event_id"
     ), started AS (
       INSERT INTO "inngest_runs" ("id", "function_id", "event_id", "max_attempts", "batch_event_ids")
       SELECT gen_random_uuid()::text, s."function_id", (array_agg(s."event_id" ORDER BY s."sequence"))[1], s.max_attempts,
              jsonb_agg(s."event_id" ORDER BY s."sequence")
       FROM sized s JOIN removed r ON r."function_id" = s."function_id" AND r."event_id" = s."event_id"
       GROUP BY s."function_id", s."batch_key", s.chunk, s.max_attempts
     )
     SELECT (SELECT EXTRACT(EPOCH FROM min(due_at) - now()) * 1000
             FROM (SELECT due_at FROM sized WHERE size < max_size AND due_at > now()
                   UNION ALL SELECT due_at FROM open_batches WHERE size < max_size AND due_at > now()) AS waiting)::float8 AS next_due_in_ms`,
    [json(functions), options.fanningOutBacklog ?? false],
  );
  const nextDueInMs = rows[0]?.next_due_in_ms;
  return nextDueInMs === null || nextDueInMs === undefined ? null : Math.max(0, nextDueInMs);
}

interface ClaimedRow {
  id: string;
  function_id: string;
  event_id: string;
  event_payload: JsonObject | null;
  event_payloads: JsonObject[] | null;
  memo: { id: string; result: StepResult }[];
  attempt: number;
  max_attempts: number;
  planned_steps: PlannedStep[];
  disable_immediate_execution: boolean;
}

/**
 * Leases up to `limit` due runs to `owner`; runs leased by others are skipped, expired leases taken
 * over. `busy` are runs this owner is still executing, never claimed twice even if their lease lapsed.
 * `concurrency` caps, per function id, how many runs may hold a live lease at once.
 */
export async function claimRuns(
  db: SqlSession,
  owner: string,
  limit: number,
  leaseMs: number,
  busy: string[] = [],
  concurrency: Record<string, number> = {},
): Promise<ClaimedRun[]> {
  const rows = await db.query<ClaimedRow>(
    // Runs of functions without a concurrency limit come straight off the (status, next_run_at)
    // index, so a claim costs the same with ten queued runs or a backlog of a hundred thousand;
    // only limited functions' runs are ranked against their running count.
    `WITH limited AS (
       SELECT key AS "function_id", value::int AS "max_running" FROM jsonb_each_text($5::jsonb)
     ), busy AS (
       SELECT jsonb_array_elements_text($4::jsonb) AS "id"
     ), open_runs AS (
       (SELECT "id" FROM "inngest_runs"
        WHERE "status" = 'queued' AND "next_run_at" <= now() AND ("lease_expires_at" IS NULL OR "lease_expires_at" < now())
          AND "function_id" NOT IN (SELECT "function_id" FROM limited) AND "id" NOT IN (SELECT "id" FROM busy)
        ORDER BY "next_run_at", "id" LIMIT $2)
       UNION ALL
       (SELECT "id" FROM "inngest_runs"
        WHERE "status" = 'running' AND "next_run_at" <= now() AND ("lease_expires_at" IS NULL OR "lease_expires_at" < now())
          AND "function_id" NOT IN (SELECT "function_id" FROM limited) AND "id" NOT IN (SELECT "id" FROM busy)
        ORDER BY "next_run_at", "id" LIMIT $2)
     ), active AS (
       SELECT "function_id", count(*) AS n FROM "inngest_runs"
       WHERE "status" = 'running' AND "lease_expires_at" >= now() AND "function_id" IN (SELECT "function_id" FROM limited)
       GROUP BY "function_id"
     ), limited_runs AS (
       SELECT c."id" FROM (
         SELECT "id", "function_id", row_number() OVER (PARTITION BY "function_id" ORDER BY "next_run_at", "id") AS rank
         FROM "inngest_runs"
         WHERE "status" IN ('queued', 'running') AND "next_run_at" <= now()
           AND ("lease_expires_at" IS NULL OR "lease_expires_at" < now())
           AND "function_id" IN (SELECT "function_id" FROM limited) AND "id" NOT IN (SELECT "id" FROM busy)
       ) c
       JOIN limited l ON l."function_id" = c."function_id"
       LEFT JOIN active a ON a."function_id" = c."function_id"
       WHERE c.rank + COALESCE(a.n, 0) <= l."max_running"
     ), due AS (
       SELECT "id" FROM "inngest_runs"
       WHERE "id" IN (SELECT "id" FROM open_runs UNION ALL SELECT "id" FROM limited_runs)
         AND ("lease_expires_at" IS NULL OR "lease_expires_at" < now())
       ORDER BY "next_run_at", "id"
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE "inngest_runs" r
     SET "lease_owner" = $1, "lease_expires_at" = now() + $3 * interval '1 millisecond', "status" = 'running',
         "started_at" = COALESCE(r."started_at", now()), "updated_at" = now()
     FROM due WHERE r."id" = due."id"
     RETURNING r."id", r."function_id", r."event_id", r."attempt", r."max_attempts", r."planned_steps", r."disable_immediate_execution",
       (SELECT e."payload" FROM "inngest_events" e WHERE e."id" = r."event_id") AS "event_payload",
       (SELECT jsonb_agg(e."payload" ORDER BY b.ord) FROM jsonb_array_elements_text(r."batch_event_ids") WITH ORDINALITY AS b(id, ord)
        JOIN "inngest_events" e ON e."id" = b.id) AS "event_payloads",
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', s."step_id", 'result', s."result") ORDER BY s."position"), '[]'::jsonb)
        FROM "inngest_run_steps" s WHERE s."run_id" = r."id") AS "memo"`,
    [owner, limit, leaseMs, json(busy), json(concurrency)],
  );
  return rows.map((row) => ({
    id: row.id,
    functionId: row.function_id,
    eventId: row.event_id,
    input: { event: row.event_payload, events: row.event_payloads, steps: row.memo },
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    plannedSteps: row.planned_steps,
    disableImmediateExecution: row.disable_immediate_execution,
  }));
}

/** Gives back runs leased to `owner` that it never started: they are due again at once, for any driver. */
export async function releaseRuns(db: SqlSession, runIds: string[], owner: string): Promise<void> {
  await db.query(
    `UPDATE "inngest_runs" SET "lease_owner" = NULL, "lease_expires_at" = NULL, "updated_at" = now()
     WHERE "id" IN (SELECT jsonb_array_elements_text($1::jsonb)) AND "lease_owner" = $2`,
    [json(runIds), owner],
  );
}

/** Extends the lease while a call is in flight; false when another driver has taken the run. */
export async function renewLease(db: SqlSession, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE "inngest_runs" SET "lease_expires_at" = now() + $3 * interval '1 millisecond'
     WHERE "id" = $1 AND "lease_owner" = $2 RETURNING "id"`,
    [runId, owner, leaseMs],
  );
  return rows.length > 0;
}

export interface StepRecord {
  id: string;
  op: string;
  name?: string;
  result: StepResult;
}

export interface Progress {
  steps: StepRecord[];
  plannedSteps: PlannedStep[];
  disableImmediateExecution: boolean;
  attempt: number;
  /** Delay before the run is due again. */
  delayMs: number;
  /** Give the lease back (the run waits); otherwise this driver continues with it at once. */
  release: boolean;
}

/** Records step results and the run's next position, only while `owner` still holds the lease. */
export async function saveProgress(db: SqlSession, runId: string, owner: string, progress: Progress): Promise<boolean> {
  const rows = await db.query<{ updated: number }>(
    `WITH r AS (
       UPDATE "inngest_runs" SET "attempt" = $3, "planned_steps" = $4::jsonb, "disable_immediate_execution" = $5,
         "next_run_at" = now() + $6 * interval '1 millisecond',
         "lease_owner" = CASE WHEN $7 THEN NULL ELSE "lease_owner" END,
         "lease_expires_at" = CASE WHEN $7 THEN NULL ELSE "lease_expires_at" END,
         "updated_at" = now()
       WHERE "id" = $1 AND "lease_owner" = $2
       RETURNING "id"
     ), base AS (
       SELECT count(*)::int AS n FROM "inngest_run_steps" WHERE "run_id" = $1
     ), s AS (
       INSERT INTO "inngest_run_steps" ("run_id", "step_id", "position", "op", "name", "result")
       SELECT r."id", x.step->>'id', base.n + x.ord::int, x.step->>'op', x.step->>'name', x.step->'result'
       FROM r, base, jsonb_array_elements($8::jsonb) WITH ORDINALITY AS x(step, ord)
       ON CONFLICT ("run_id", "step_id") DO NOTHING
     )
     SELECT count(*)::int AS updated FROM r`,
    [
      runId,
      owner,
      progress.attempt,
      json(progress.plannedSteps),
      progress.disableImmediateExecution,
      progress.delayMs,
      progress.release,
      json(progress.steps),
    ],
  );
  return rows[0]?.updated === 1;
}

/**
 * CTEs that store each `input` row's `steps` (its run id in `run_id`, its order in `ord`) for the
 * runs in `r` (those still held), numbered after the steps the run already has: checkpoints and
 * completions both append to a run's memo this way.
 */
const APPEND_HELD_RUNS_STEPS = `base AS (
       SELECT "run_id", count(*)::int AS n FROM "inngest_run_steps" WHERE "run_id" IN (SELECT input.run_id FROM input) GROUP BY "run_id"
     ), s AS (
       INSERT INTO "inngest_run_steps" ("run_id", "step_id", "position", "op", "name", "result")
       SELECT input.run_id, st.step->>'id',
              COALESCE(base.n, 0) + (row_number() OVER (PARTITION BY input.run_id ORDER BY input.ord, st.ord))::int,
              st.step->>'op', st.step->>'name', st.step->'result'
       FROM input JOIN r ON r."id" = input.run_id LEFT JOIN base ON base."run_id" = input.run_id,
            jsonb_array_elements(input.steps) WITH ORDINALITY AS st(step, ord)
       ON CONFLICT ("run_id", "step_id") DO NOTHING
     )`;

export interface Checkpoint {
  runId: string;
  /** The lease owner the call was made for (the SDK's `qi_id`). */
  owner: string;
  steps: StepRecord[];
}

/**
 * Stores the steps the SDK checkpointed during calls, for several runs in one statement. Only
 * runs still leased to the checkpoint's owner take its steps; returns the ids of those runs (a
 * run missing from the answer was taken over: its dispatch is stale).
 */
export async function saveCheckpoints(db: SqlSession, checkpoints: Checkpoint[]): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `WITH input AS (
       SELECT c->>'runId' AS run_id, c->>'owner' AS owner, c->'steps' AS steps, x.ord
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(c, ord)
     ), r AS (
       UPDATE "inngest_runs" SET "updated_at" = now()
       FROM input WHERE "inngest_runs"."id" = input.run_id AND "inngest_runs"."lease_owner" = input.owner AND "inngest_runs"."status" = 'running'
       RETURNING "inngest_runs"."id"
     ), ${APPEND_HELD_RUNS_STEPS}
     SELECT "id" FROM r`,
    [json(checkpoints)],
  );
  return new Set(rows.map((row) => row.id));
}

/** The run's memo as stored (after the SDK checkpointed steps during a call). */
export async function loadRunSteps(db: SqlSession, runId: string): Promise<MemoizedStep[]> {
  const rows = await db.query<{ step_id: string; result: StepResult }>(
    `SELECT "step_id", "result" FROM "inngest_run_steps" WHERE "run_id" = $1 ORDER BY "position"`,
    [runId],
  );
  return rows.map((row) => ({ id: row.step_id, result: row.result }));
}

export interface Completion {
  runId: string;
  owner: string;
  output: unknown;
  /** Finished steps that came in the completing answer, not yet in the memo. */
  steps: StepRecord[];
}

/**
 * Completes runs, each only while `owner` still holds its lease, and stores the steps that came
 * with their completion after the ones already stored; returns the ids it completed.
 */
export async function completeRuns(db: SqlSession, completions: Completion[]): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `WITH input AS (
       SELECT c->>'runId' AS run_id, c->>'owner' AS owner, c->'output' AS output, c->'steps' AS steps, x.ord
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(c, ord)
     ), r AS (
       UPDATE "inngest_runs" SET "status" = 'completed', "output" = input.output, "ended_at" = now(), "planned_steps" = '[]',
         "lease_owner" = NULL, "lease_expires_at" = NULL, "updated_at" = now()
       FROM input WHERE "inngest_runs"."id" = input.run_id AND "inngest_runs"."lease_owner" = input.owner
       RETURNING "inngest_runs"."id"
     ), ${APPEND_HELD_RUNS_STEPS}
     SELECT "id" FROM r`,
    [json(completions.map((completion) => ({ ...completion, output: completion.output ?? null })))],
  );
  return new Set(rows.map((row) => row.id));
}

/** Fails the run and stores its `inngest/function.failed` event (if any) in the same statement. */
export async function failRun(db: SqlSession, runId: string, owner: string, error: unknown, failureEvent?: StoredEvent): Promise<boolean> {
  const rows = await db.query<{ updated: number }>(
    `WITH r AS (
       UPDATE "inngest_runs" SET "status" = 'failed', "error" = $3::jsonb, "ended_at" = now(), "planned_steps" = '[]',
         "lease_owner" = NULL, "lease_expires_at" = NULL, "updated_at" = now()
       WHERE "id" = $1 AND "lease_owner" = $2 RETURNING "id"
     ), e AS (
       INSERT INTO "inngest_events" ("id", "name", "payload")
       SELECT $4, $5, $6::jsonb FROM r WHERE $4::text IS NOT NULL ON CONFLICT DO NOTHING
     )
     SELECT count(*)::int AS updated FROM r`,
    [runId, owner, json(error), failureEvent?.id ?? null, failureEvent?.name ?? null, json(failureEvent?.payload)],
  );
  return rows[0]?.updated === 1;
}

export interface DueSchedule {
  functionId: string;
  cron: string;
  nextTickAt: Date;
}

export async function dueSchedules(db: SqlSession): Promise<DueSchedule[]> {
  const rows = await db.query<{ function_id: string; cron: string; next_tick_at: Date }>(
    `SELECT "function_id", "cron", "next_tick_at" FROM "inngest_schedules" WHERE "next_tick_at" <= now() ORDER BY "next_tick_at"`,
  );
  return rows.map((row) => ({ functionId: row.function_id, cron: row.cron, nextTickAt: new Date(row.next_tick_at) }));
}

/**
 * Moves the schedule from the tick it was due at to the next one and stores the tick's event, in
 * one statement that only matches while the schedule still points at that tick: of two drivers
 * firing the same tick, one wins and the other does nothing.
 */
export async function fireTick(db: SqlSession, schedule: DueSchedule, nextTickAt: Date | null, tickEvent: StoredEvent): Promise<boolean> {
  const rows = await db.query<{ fired: number }>(
    `WITH s AS (
       UPDATE "inngest_schedules" SET "next_tick_at" = $4 WHERE "function_id" = $1 AND "cron" = $2 AND "next_tick_at" = $3
       RETURNING "function_id"
     ), e AS (
       INSERT INTO "inngest_events" ("id", "name", "payload") SELECT $5, $6, $7::jsonb FROM s ON CONFLICT DO NOTHING
     )
     SELECT count(*)::int AS fired FROM s`,
    [schedule.functionId, schedule.cron, schedule.nextTickAt, nextTickAt ?? NEVER, tickEvent.id, tickEvent.name, json(tickEvent.payload)],
  );
  return rows[0]?.fired === 1;
}

interface RunSummaryRow {
  id: string;
  function_id: string;
  status: RunStatus;
  attempt: number;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  output: unknown;
  error: unknown;
  event_id: string;
  external_id: string | null;
  event_name: string;
}

export async function listRuns(db: SqlSession, filter: RunFilter = {}): Promise<RunSummary[]> {
  const rows = await db.query<RunSummaryRow>(
    `SELECT r."id", r."function_id", r."status", r."attempt", r."created_at", r."started_at", r."ended_at", r."output", r."error",
            e."id" AS "event_id", e."external_id", e."name" AS "event_name"
     FROM "inngest_runs" r JOIN "inngest_events" e ON e."id" = r."event_id"
     WHERE ($1::text IS NULL OR r."id" = $1)
       AND ($2::text IS NULL OR e."id" = $2 OR e."external_id" = $2
         OR r."batch_event_ids" @> ANY (ARRAY(SELECT jsonb_build_array(be."id") FROM "inngest_events" be WHERE be."id" = $2 OR be."external_id" = $2)))
       AND ($3::text IS NULL OR r."function_id" = $3)
     ORDER BY r."created_at", e."sequence", r."id"`,
    [filter.runId ?? null, filter.eventId ?? null, filter.functionId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    functionId: row.function_id,
    status: row.status,
    attempt: row.attempt,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    output: row.output,
    error: row.error,
    eventId: row.event_id,
    eventExternalId: row.external_id,
    eventName: row.event_name,
  }));
}

/** Work not yet finished: events not fanned out or waiting in an open batch, and runs neither completed nor failed. */
export async function outstandingWork(db: SqlSession): Promise<{ pendingEvents: number; batchedEvents: number; activeRuns: number }> {
  const rows = await db.query<{ pending_events: number; batched_events: number; active_runs: number }>(
    `SELECT (SELECT count(*) FROM "inngest_pending_events")::int AS pending_events,
            (SELECT count(*) FROM "inngest_batch_events")::int AS batched_events,
            (SELECT count(*) FROM "inngest_runs" WHERE "status" IN ('queued', 'running'))::int AS active_runs`,
  );
  return { pendingEvents: rows[0]?.pending_events ?? 0, batchedEvents: rows[0]?.batched_events ?? 0, activeRuns: rows[0]?.active_runs ?? 0 };
}
