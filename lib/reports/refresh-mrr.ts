// MRR snapshots. Each customer's MRR at a month's end is stored per month
// (report_mrr_customer_monthly); the month's movement against the month before — new,
// expansion, contraction, churn — is aggregated from those snapshots into report_mrr_monthly.
// Closed months are computed once from subscription start/cancel times; the current month is
// re-snapshotted from the live subscription statuses by the refresh cron. Yearly, weekly and
// daily prices are normalised to a month with integer arithmetic (rounded half up).
import { sql } from "@/lib/db/client";
import type { SqlSession } from "@/lib/db/connection";
import { ALL_TENANTS } from "./report-names";

const monthlyAmount = `CASE s.interval
  WHEN 'year' THEN (s.amount::bigint + 6) / 12
  WHEN 'week' THEN (s.amount::bigint * 52 + 6) / 12
  WHEN 'day' THEN (s.amount::bigint * 365 + 6) / 12
  ELSE s.amount::bigint END`;

export function monthStart(date: Date): string {
  return `${date.toISOString().slice(0, 7)}-01`;
}

function previousMonth(month: string): string {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return monthStart(d);
}

async function snapshotMonth(session: SqlSession, month: string, live: boolean): Promise<void> {
  await session.query("DELETE FROM report_mrr_customer_monthly WHERE month = $1::date", [month]);
  const activeAt = live
    ? "s.status IN ('active', 'trialing', 'past_due')"
    : `s.created_at < ($1::date + interval '1 month') AND (s.canceled_at IS NULL OR s.canceled_at >= ($1::date + interval '1 month'))
       AND s.status NOT IN ('incomplete', 'incomplete_expired')`;
  await session.query(
    `INSERT INTO report_mrr_customer_monthly (tenant_id, month, currency, customer_id, mrr)
     SELECT s.tenant_id, $1::date, lower(s.currency), s.customer_id, sum(${monthlyAmount})
     FROM subscriptions s WHERE ${activeAt}
     GROUP BY s.tenant_id, lower(s.currency), s.customer_id
     HAVING sum(${monthlyAmount}) > 0`,
    [month],
  );
}

/** Rewrites the month's movement rows; returns the tenants whose figures changed. */
async function aggregateMonth(session: SqlSession, month: string): Promise<string[]> {
  const prev = previousMonth(month);
  const changed = await session.query<{ tenant_id: string }>(
    `WITH movement AS (
       SELECT coalesce(c.tenant_id, p.tenant_id) AS tenant_id, coalesce(c.currency, p.currency) AS currency,
              coalesce(c.mrr, 0) AS now_mrr, coalesce(p.mrr, 0) AS before_mrr
       FROM (SELECT * FROM report_mrr_customer_monthly WHERE month = $1::date) c
       FULL JOIN (SELECT * FROM report_mrr_customer_monthly WHERE month = $2::date) p
         ON p.tenant_id = c.tenant_id AND p.currency = c.currency AND p.customer_id = c.customer_id
     ), totals AS (
       SELECT CASE WHEN GROUPING(tenant_id) = 1 THEN '${ALL_TENANTS}'::uuid ELSE tenant_id END AS tenant_id, currency,
              sum(now_mrr) AS mrr,
              coalesce(sum(now_mrr) FILTER (WHERE before_mrr = 0 AND now_mrr > 0), 0) AS new_mrr,
              coalesce(sum(now_mrr - before_mrr) FILTER (WHERE before_mrr > 0 AND now_mrr > before_mrr), 0) AS expansion_mrr,
              coalesce(sum(before_mrr - now_mrr) FILTER (WHERE now_mrr > 0 AND now_mrr < before_mrr), 0) AS contraction_mrr,
              coalesce(sum(before_mrr) FILTER (WHERE now_mrr = 0 AND before_mrr > 0), 0) AS churned_mrr,
              count(*) FILTER (WHERE now_mrr > 0) AS customers
       FROM movement GROUP BY GROUPING SETS ((tenant_id, currency), (currency))
     ), removed AS (
       DELETE FROM report_mrr_monthly m WHERE m.month = $1::date
         AND NOT EXISTS (SELECT 1 FROM totals t WHERE t.tenant_id = m.tenant_id AND t.currency = m.currency)
       RETURNING m.tenant_id
     ), upserted AS (
       INSERT INTO report_mrr_monthly (tenant_id, month, currency, mrr, new_mrr, expansion_mrr, contraction_mrr, churned_mrr, customers, refreshed_at)
       SELECT tenant_id, $1::date, currency, mrr, new_mrr, expansion_mrr, contraction_mrr, churned_mrr, customers, now() FROM totals
       ON CONFLICT (tenant_id, month, currency) DO UPDATE SET
         mrr = EXCLUDED.mrr, new_mrr = EXCLUDED.new_mrr, expansion_mrr = EXCLUDED.expansion_mrr,
         contraction_mrr = EXCLUDED.contraction_mrr, churned_mrr = EXCLUDED.churned_mrr, customers = EXCLUDED.customers,
         refreshed_at = EXCLUDED.refreshed_at
       WHERE (report_mrr_monthly.mrr, report_mrr_monthly.new_mrr, report_mrr_monthly.expansion_mrr, report_mrr_monthly.contraction_mrr,
              report_mrr_monthly.churned_mrr, report_mrr_monthly.customers)
         IS DISTINCT FROM (EXCLUDED.mrr, EXCLUDED.new_mrr, EXCLUDED.expansion_mrr, EXCLUDED.contraction_mrr, EXCLUDED.churned_mrr, EXCLUDED.customers)
       RETURNING tenant_id
     )
     SELECT tenant_id::text FROM removed UNION SELECT tenant_id::text FROM upserted`,
    [month, prev],
  );
  return [...new Set(changed.map((r) => r.tenant_id))];
}

/**
 * Snapshots `month` (live statuses when it is the current month) and aggregates its movement.
 * Returns the tenants whose MRR rows were rewritten.
 */
export async function refreshMrrMonth(month: string, options: { live: boolean }): Promise<string[]> {
  return sql().session(async (session) => {
    await session.exec("BEGIN");
    try {
      await snapshotMonth(session, month, options.live);
      const tenants = await aggregateMonth(session, month);
      // Unchanged rows were checked too: their figures are as fresh as this refresh.
      await session.query("UPDATE report_mrr_monthly SET refreshed_at = now() WHERE month = $1::date", [month]);
      await session.exec("COMMIT");
      return tenants;
    } catch (error) {
      await session.exec("ROLLBACK");
      throw error;
    }
  });
}

/** The cron's MRR step: close last month once, then refresh the current month from live data. */
export async function refreshCurrentMrr(now = new Date()): Promise<string[]> {
  const current = monthStart(now);
  const last = previousMonth(current);
  const closed = await sql().query("SELECT 1 FROM report_mrr_monthly WHERE month = $1::date LIMIT 1", [last]);
  const tenants = closed.length === 0 ? await refreshMrrMonth(last, { live: false }) : [];
  return [...new Set([...tenants, ...(await refreshMrrMonth(current, { live: true }))])];
}

/** Fills `months` closed months ending before the current one (seed:large, first install). */
export async function backfillMrr(months: number, now = new Date()): Promise<void> {
  let month = monthStart(now);
  const list: string[] = [];
  for (let i = 0; i < months; i += 1) {
    month = previousMonth(month);
    list.unshift(month);
  }
  for (const m of list) await refreshMrrMonth(m, { live: false });
  await refreshMrrMonth(monthStart(now), { live: true });
}
