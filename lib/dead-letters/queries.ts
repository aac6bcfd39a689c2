// Reads for the dead-letter explorer (support only: every tenant, filtered in the query).
// Lists use keyset pagination on (failed_at DESC, id DESC) and select only what the pages show.
import "server-only";
import { db, sql } from "@/lib/db/client";
import type { FailureGroupState } from "@/lib/db/generated/enums";
import { isUuid } from "@/lib/validation/is-uuid";
import { AppError } from "@/lib/errors/app-error";
import { decodeCursor, encodeCursor, INVALID_CURSOR_MESSAGE } from "./cursor";
import { buildEnvelopeWhere, mergeSearch, type WhereSql } from "./envelope-filter-sql";
import type { DlqFilter } from "./filters";

export const ENVELOPE_PAGE_SIZE = 50;

export interface EnvelopeListItem {
  id: string;
  jobType: string;
  tenantId: string | null;
  tenantName: string | null;
  reason: string;
  attempt: number;
  maxAttempts: number;
  failedAt: string;
  nextRetryAt: string | null;
  status: string;
  stripeEventId: string | null;
  eventType: string | null;
  objectId: string | null;
  /** The invoice amount this failure holds up (from its payload), while it is unresolved. */
  amountAtRisk: { amount: number; currency: string } | null;
}

interface EnvelopeRow {
  id: string;
  job_type: string;
  tenant_id: string | null;
  tenant_name: string | null;
  reason: string;
  attempt: number;
  max_attempts: number;
  failed_at: Date;
  next_retry_at: Date | null;
  status: string;
  stripe_event_id: string | null;
  event_type: string | null;
  object_id: string | null;
  amount_due: string | null;
  currency: string | null;
}

const SEARCH_PROBE_LIMIT = 2_000;

/**
 * A search that matches few envelopes is answered from its GIN index first, then filtered and
 * sorted; left to itself the planner may walk the (failed_at) index evaluating to_tsvector on
 * every row while looking for matches that do not exist. A search that matches many rows keeps
 * the ordered walk, which finds a page of them at once.
 */
async function narrowRareSearch(where: WhereSql): Promise<void> {
  if (where.search.length === 0) return;
  const probe = await sql().query<{ id: string }>(
    `SELECT fe."id" FROM "failure_envelopes" fe WHERE ${where.search.join(" AND ")} LIMIT ${SEARCH_PROBE_LIMIT + 1}`,
    where.searchParams,
  );
  if (probe.length > SEARCH_PROBE_LIMIT) return mergeSearch(where);
  where.params.push(JSON.stringify(probe.map((row) => row.id)));
  where.clauses.push(`fe."id" IN (SELECT (jsonb_array_elements_text($${where.params.length}::jsonb))::uuid)`);
  where.search = [];
  where.searchParams = [];
}

/** One page of envelopes, newest failure first. The page, the JSON route and the bench call this. */
export async function listFailureEnvelopes(filter: DlqFilter, after?: string, pageSize = ENVELOPE_PAGE_SIZE): Promise<{ envelopes: EnvelopeListItem[]; nextCursor: string | null }> {
  const where = await buildEnvelopeWhere(filter);
  await narrowRareSearch(where);
  const cursor = after ? decodeCursor(after) : null;
  // A cursor that names no position would silently restart the list from the top.
  if (after && !cursor) throw new AppError("invalid_input", `The page link ${INVALID_CURSOR_MESSAGE}.`, { fields: { after: INVALID_CURSOR_MESSAGE } });
  if (cursor) {
    where.params.push(cursor.failedAt, cursor.id);
    where.clauses.push(`(fe."failed_at", fe."id") < ($${where.params.length - 1}::timestamptz, $${where.params.length}::uuid)`);
  }
  where.params.push(pageSize + 1);
  const rows = await sql().query<EnvelopeRow>(
    `SELECT fe."id", fe."job_type", fe."tenant_id", t."name" AS "tenant_name", left(fe."reason", 300) AS "reason", fe."attempt", fe."max_attempts",
            fe."failed_at", fe."next_retry_at", fe."status", fe."stripe_event_id",
            fe."payload" #>> '{stripeEvent,type}' AS "event_type", fe."payload" #>> '{stripeEvent,data,object,id}' AS "object_id",
            CASE WHEN fe."payload" #>> '{stripeEvent,data,object,object}' = 'invoice' THEN fe."payload" #>> '{stripeEvent,data,object,amount_due}' END AS "amount_due",
            lower(fe."payload" #>> '{stripeEvent,data,object,currency}') AS "currency"
     FROM "failure_envelopes" fe LEFT JOIN "tenants" t ON t."id" = fe."tenant_id"
     ${where.clauses.length ? `WHERE ${where.clauses.join(" AND ")}` : ""}
     ORDER BY fe."failed_at" DESC, fe."id" DESC
     LIMIT $${where.params.length}`,
    where.params,
  );
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    envelopes: page.map((row) => ({
      id: row.id,
      jobType: row.job_type,
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      reason: row.reason,
      attempt: row.attempt,
      maxAttempts: row.max_attempts,
      failedAt: new Date(row.failed_at).toISOString(),
      nextRetryAt: row.next_retry_at ? new Date(row.next_retry_at).toISOString() : null,
      status: row.status,
      stripeEventId: row.stripe_event_id,
      eventType: row.event_type,
      objectId: row.object_id,
      amountAtRisk:
        (row.status === "open" || row.status === "replayed") && row.amount_due && /^[0-9]{1,15}$/.test(row.amount_due) && row.currency && /^[a-z]{3}$/.test(row.currency)
          ? { amount: Number(row.amount_due), currency: row.currency }
          : null,
    })),
    nextCursor: rows.length > pageSize && last ? encodeCursor(last.failed_at, last.id) : null,
  };
}

export async function getFailureGroup(id: string) {
  if (!isUuid(id)) return null;
  return db().failureGroup.findUnique({ where: { id } });
}

/** The job types seen so far (for the filter). */
export async function listKnownJobTypes(): Promise<string[]> {
  const rows = await sql().query<{ job_type: string }>(`SELECT DISTINCT "job_type" FROM "failure_envelopes" ORDER BY 1`);
  return rows.map((r) => r.job_type);
}

/** The envelope page's header: the envelope, its tenant and its issue (the sections read the rest). */
export async function getEnvelopeHeader(id: string) {
  if (!isUuid(id)) return null;
  const envelope = await db().failureEnvelope.findUnique({ where: { id } });
  if (!envelope) return null;
  const [tenant, group] = await Promise.all([
    envelope.tenantId ? db().tenant.findUnique({ where: { id: envelope.tenantId }, select: { id: true, name: true, slug: true } }) : null,
    sql().query<{ id: string; state: FailureGroupState; occurrences: number }>(`SELECT "id", "state", "occurrences" FROM "failure_groups" WHERE "fingerprint" = $1`, [envelope.fingerprint]),
  ]);
  return { envelope, tenant, group: group[0] ?? null };
}

export async function listEnvelopeReplays(envelopeId: string) {
  return db().dlqReplay.findMany({ where: { envelopeId }, orderBy: { sequence: "asc" } });
}

/** Every attempt of the envelope's original run and of each replay's run. */
export async function listEnvelopeAttempts(envelopeId: string, originalRunId: string | null) {
  const replays = await db().dlqReplay.findMany({ where: { envelopeId }, select: { runId: true } });
  const runIds = [originalRunId, ...replays.map((r) => r.runId)].filter((r): r is string => Boolean(r));
  return db().jobAttempt.findMany({ where: { runId: { in: runIds } }, orderBy: [{ failedAt: "asc" }, { id: "asc" }] });
}

export async function listEnvelopeAuditEvents(envelopeId: string) {
  return db().auditEvent.findMany({ where: { entityType: "failure_envelope", entityId: envelopeId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

/** A run's origin: the replay (and envelope) that started it, if any. */
export async function getRunOrigin(runId: string) {
  const replay = await db().dlqReplay.findFirst({ where: { runId } });
  const [run] = await sql().query<{ id: string; function_id: string; status: string; created_at: Date; ended_at: Date | null; error: unknown }>(
    `SELECT "id", "function_id", "status", "created_at", "ended_at", "error" FROM "inngest_runs" WHERE "id" = $1`,
    [runId],
  );
  if (!replay && !run) return null;
  const envelope = replay ? await db().failureEnvelope.findUnique({ where: { id: replay.envelopeId }, select: { id: true, jobType: true, reason: true, status: true } }) : null;
  const failed = await db().failureEnvelope.findFirst({ where: { runId }, select: { id: true, jobType: true, reason: true, status: true } });
  return { runId, run: run ?? null, replay, envelope, failedEnvelope: failed };
}

export async function getBulkReplay(id: string) {
  if (!isUuid(id)) return null;
  return db().dlqBulkReplay.findUnique({
    where: { id },
    select: { id: true, status: true, total: true, sent: true, skipped: true, failed: true, ratePerSecond: true, actor: true, createdAt: true, finishedAt: true, filter: true },
  });
}

export async function listRecentBulkReplays(limit = 5) {
  return db().dlqBulkReplay.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, status: true, total: true, sent: true, skipped: true, failed: true, actor: true, createdAt: true, finishedAt: true },
  });
}

export async function listDlqReports(limit = 12) {
  return db().dlqReport.findMany({ orderBy: { weekStart: "desc" }, take: limit, select: { id: true, weekStart: true, weekEnd: true, figures: true, recipients: true, deliveredAt: true, createdAt: true } });
}
