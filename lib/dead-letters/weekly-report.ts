// The weekly DLQ health report: the week's failures by job type and reason, mean time to
// recovery, replay success rate and the oldest open envelopes. Stored once per week (a re-run
// of the cron recomputes the same row), shown at /support/reports/dead-letters and mailed to recipients.
import { db, sql } from "@/lib/db/client";
import type { MailTransport } from "@/lib/alerts/mail-transport";

const DAY_MS = 24 * 60 * 60_000;

export interface DlqReportFigures {
  weekStart: string;
  weekEnd: string;
  totalFailures: number;
  byJobType: { jobType: string; count: number }[];
  byReason: { jobType: string; reasonKey: string; sampleReason: string; count: number }[];
  recovered: number;
  meanTimeToRecoveryMs: number | null;
  replays: { started: number; succeeded: number; failed: number; pending: number; successRate: number | null };
  oldestOpen: { id: string; jobType: string; reason: string; failedAt: string; tenantName: string | null }[];
}

/** The last full week (Monday 00:00 UTC to Monday 00:00 UTC) before `now`. */
export function previousWeek(now: Date): { start: Date; end: Date } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  const end = new Date(midnight - daysSinceMonday * DAY_MS);
  return { start: new Date(end.getTime() - 7 * DAY_MS), end };
}

export async function computeDlqReport(start: Date, end: Date): Promise<DlqReportFigures> {
  const range = [start, end];
  const [byReason, recovery, replays, oldest] = await Promise.all([
    sql().query<{ job_type: string; reason_key: string; sample: string; count: number }>(
      `SELECT "job_type", dlq_reason_key("reason") AS "reason_key", min(left("reason", 300)) AS "sample", count(*)::int AS "count"
       FROM "failure_envelopes" WHERE "created_at" >= $1 AND "created_at" < $2
       GROUP BY 1, 2 ORDER BY 4 DESC, 1, 2`,
      range,
    ),
    // Recovery: from the job giving up (the envelope) to its resolution (replay or support), for
    // envelopes resolved this week.
    sql().query<{ recovered: number; mean_ms: number | null }>(
      `SELECT count(*)::int AS "recovered", (avg(EXTRACT(EPOCH FROM (ae."created_at" - fe."created_at")) * 1000))::float8 AS "mean_ms"
       FROM "audit_events" ae JOIN "failure_envelopes" fe ON fe."id"::text = ae."entity_id"
       WHERE ae."entity_type" = 'failure_envelope' AND ae."event_type" = 'failure_envelope.resolved'
         AND ae."created_at" >= $1 AND ae."created_at" < $2`,
      range,
    ),
    sql().query<{ started: number; succeeded: number; failed: number; pending: number }>(
      `SELECT count(*)::int AS "started",
              count(*) FILTER (WHERE "status" = 'succeeded')::int AS "succeeded",
              count(*) FILTER (WHERE "status" IN ('failed', 'send_failed'))::int AS "failed",
              count(*) FILTER (WHERE "status" IN ('sending', 'running'))::int AS "pending"
       FROM "dlq_replays" WHERE "created_at" >= $1 AND "created_at" < $2`,
      range,
    ),
    sql().query<{ id: string; job_type: string; reason: string; failed_at: Date; tenant_name: string | null }>(
      `SELECT fe."id", fe."job_type", left(fe."reason", 300) AS "reason", fe."failed_at", t."name" AS "tenant_name"
       FROM "failure_envelopes" fe LEFT JOIN "tenants" t ON t."id" = fe."tenant_id"
       WHERE fe."status" = 'open' AND fe."failed_at" < $1 ORDER BY fe."failed_at" ASC, fe."id" ASC LIMIT 10`,
      [end],
    ),
  ]);
  const byJobType = new Map<string, number>();
  for (const row of byReason) byJobType.set(row.job_type, (byJobType.get(row.job_type) ?? 0) + row.count);
  const r = replays[0] ?? { started: 0, succeeded: 0, failed: 0, pending: 0 };
  const finished = r.succeeded + r.failed;
  return {
    weekStart: start.toISOString(),
    weekEnd: end.toISOString(),
    totalFailures: byReason.reduce((sum, row) => sum + row.count, 0),
    byJobType: [...byJobType.entries()].map(([jobType, count]) => ({ jobType, count })).sort((a, b) => b.count - a.count || a.jobType.localeCompare(b.jobType)),
    byReason: byReason.slice(0, 25).map((row) => ({ jobType: row.job_type, reasonKey: row.reason_key, sampleReason: row.sample, count: row.count })),
    recovered: recovery[0]?.recovered ?? 0,
    meanTimeToRecoveryMs: recovery[0]?.mean_ms === null || recovery[0]?.mean_ms === undefined ? null : Math.round(Number(recovery[0].mean_ms)),
    replays: { ...r, successRate: finished ? r.succeeded / finished : null },
    oldestOpen: oldest.map((row) => ({ id: row.id, jobType: row.job_type, reason: row.reason, failedAt: new Date(row.failed_at).toISOString(), tenantName: row.tenant_name })),
  };
}

function duration(ms: number | null): string {
  if (ms === null) return "—";
  const minutes = Math.round(ms / 60_000);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

export function formatDlqReport(figures: DlqReportFigures, appUrl: string): string {
  const lines = [
    `Dead-letter health, week of ${figures.weekStart.slice(0, 10)}`,
    "",
    `Failures: ${figures.totalFailures}`,
    ...figures.byJobType.map((j) => `  ${j.jobType}: ${j.count}`),
    "",
    "Top reasons:",
    ...figures.byReason.slice(0, 10).map((r) => `  ${r.count} × ${r.jobType} — ${r.sampleReason}`),
    "",
    `Recovered: ${figures.recovered}, mean time to recovery ${duration(figures.meanTimeToRecoveryMs)}`,
    `Replays: ${figures.replays.started} started, ${figures.replays.succeeded} succeeded, ${figures.replays.failed} failed` +
      (figures.replays.successRate === null ? "" : ` (${Math.round(figures.replays.successRate * 100)}% success)`),
    "",
    "Oldest open failures:",
    ...(figures.oldestOpen.length ? figures.oldestOpen.map((o) => `  ${o.failedAt.slice(0, 16)} ${o.jobType} — ${o.reason.slice(0, 120)} ${appUrl}/support/dead-letters/${o.id}`) : ["  none"]),
    "",
    `Full report: ${appUrl}/support/reports/dead-letters`,
  ];
  return lines.join("\n");
}

/** Computes and stores the report of the week before `now` (idempotent per week). */
export async function storeWeeklyDlqReport(now: Date, recipients: string[]): Promise<{ id: string; weekStart: string }> {
  const { start, end } = previousWeek(now);
  const figures = await computeDlqReport(start, end);
  const data = { weekEnd: end, figures: JSON.parse(JSON.stringify(figures)), recipients: recipients.join(", ") };
  const report = await db().dlqReport.upsert({ where: { weekStart: start }, create: { weekStart: start, ...data }, update: data, select: { id: true } });
  return { id: report.id, weekStart: start.toISOString() };
}

/** Mails a stored report once; a re-run after delivery sends nothing. */
export async function sendWeeklyDlqReport(reportId: string, transport: MailTransport, appUrl: string): Promise<"sent" | "already-sent" | "no-recipients"> {
  const report = await db().dlqReport.findUniqueOrThrow({ where: { id: reportId } });
  if (report.deliveredAt) return "already-sent";
  const to = report.recipients.split(",").map((r) => r.trim()).filter(Boolean);
  if (to.length === 0) return "no-recipients";
  const figures = report.figures as unknown as DlqReportFigures;
  await transport.send({ to, subject: `Ledgerline dead-letter report — week of ${figures.weekStart.slice(0, 10)}`, text: formatDlqReport(figures, appUrl) });
  await db().dlqReport.update({ where: { id: reportId }, data: { deliveredAt: new Date() } });
  return "sent";
}
