// The pipeline rollup: webhook events per hour and type with outcome counts, latency (received →
// processed) and dead letters. Webhook rows are written by the ingestion path, so instead of a
// per-write delta the refresh recomputes only the hours that can still change — from the oldest
// event not yet settled, at most a few hours back — and leaves settled hours alone.
import { sql } from "@/lib/db/client";
import { ALL_TENANTS } from "./report-names";

const REFRESHED_MARKER = "reports.pipeline_refreshed_at";
/** Hours always recomputed, to catch late status changes (replays of dead letters). */
const RECENT_HOURS = 3;

const tenantKey = `CASE WHEN GROUPING(coalesce(w.tenant_id, '${ALL_TENANTS}'::uuid)) = 1 THEN '${ALL_TENANTS}'::uuid ELSE coalesce(w.tenant_id, '${ALL_TENANTS}'::uuid) END`;
const latency = "extract(epoch FROM (w.processed_at - w.received_at)) * 1000";

/** Recomputes every hour from `since` (all of history when null). Returns the tenants touched. */
export async function refreshPipelineRollup(options: { since?: Date | null; now?: Date } = {}): Promise<string[]> {
  const now = options.now ?? new Date();
  return sql().session(async (session) => {
    await session.exec("BEGIN");
    try {
      let since = options.since;
      if (since === undefined) {
        const marker = await session.query<{ value: string }>("SELECT value FROM app_settings WHERE key = $1", [REFRESHED_MARKER]);
        const unsettled = await session.query<{ oldest: Date | null }>(
          "SELECT min(received_at) AS oldest FROM webhook_inbox WHERE status IN ('received', 'dispatched')",
        );
        const recent = new Date(now.getTime() - RECENT_HOURS * 3_600_000);
        const oldest = unsettled[0]?.oldest ? new Date(unsettled[0].oldest) : null;
        since = marker.length === 0 ? null : oldest && oldest < recent ? oldest : recent;
      }
      const from = since ? new Date(Math.floor(since.getTime() / 3_600_000) * 3_600_000) : null;
      const touched = await session.query<{ tenant_id: string }>(
        `DELETE FROM report_pipeline_hourly WHERE ($1::timestamptz IS NULL OR hour >= $1::timestamptz) RETURNING tenant_id::text`,
        [from],
      );
      const inserted = await session.query<{ tenant_id: string }>(
        `INSERT INTO report_pipeline_hourly (tenant_id, hour, event_type, received_count, processed_count, ignored_count, failed_count,
           latency_sum_ms, latency_max_ms, latency_le_1s, latency_le_10s, latency_le_60s, dead_letter_count)
         SELECT ${tenantKey}, date_trunc('hour', w.received_at), w.type, count(*),
                count(*) FILTER (WHERE w.status = 'processed'), count(*) FILTER (WHERE w.status = 'ignored'), count(*) FILTER (WHERE w.status = 'failed'),
                coalesce(sum(${latency}) FILTER (WHERE w.status = 'processed'), 0)::bigint,
                coalesce(max(${latency}) FILTER (WHERE w.status = 'processed'), 0)::bigint,
                count(*) FILTER (WHERE w.status = 'processed' AND ${latency} <= 1000),
                count(*) FILTER (WHERE w.status = 'processed' AND ${latency} <= 10000),
                count(*) FILTER (WHERE w.status = 'processed' AND ${latency} <= 60000),
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM failure_envelopes f WHERE f.stripe_event_id = w.event_id))
         FROM webhook_inbox w
         WHERE $1::timestamptz IS NULL OR w.received_at >= $1::timestamptz
         GROUP BY GROUPING SETS ((coalesce(w.tenant_id, '${ALL_TENANTS}'::uuid), date_trunc('hour', w.received_at), w.type), (date_trunc('hour', w.received_at), w.type))
         HAVING NOT (GROUPING(coalesce(w.tenant_id, '${ALL_TENANTS}'::uuid)) = 0 AND coalesce(w.tenant_id, '${ALL_TENANTS}'::uuid) = '${ALL_TENANTS}'::uuid)
         RETURNING tenant_id::text`,
        [from],
      );
      await session.query(
        "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()",
        [REFRESHED_MARKER, now.toISOString()],
      );
      await session.exec("COMMIT");
      return [...new Set([...touched, ...inserted].map((r) => r.tenant_id))];
    } catch (error) {
      await session.exec("ROLLBACK");
      throw error;
    }
  });
}
