// Rebuilds the invoice rollups from scratch in one transaction. Used once to fill them for
// invoices written before the rollups existed (the demo seed, seed:large, an upgraded install),
// and by the tests as the reference the incremental maintenance must equal. Day and bucket rules
// mirror lib/reports/invoice-rollups.ts exactly.
import { sql } from "@/lib/db/client";
import type { SqlSession } from "@/lib/db/connection";
import { backfillMrr } from "./refresh-mrr";
import { refreshPipelineRollup } from "./refresh-pipeline";
import { ALL_TENANTS } from "./report-names";
import { returnedMoneySql } from "./returned-money-sql";

const ROLLUP_TABLES = ["report_revenue_daily", "report_collection_daily", "report_receivables_daily", "report_customer_monthly"];

const utcDate = (column: string) => `((${column}) AT TIME ZONE 'UTC')::date`;
const returnedMoney = `CROSS JOIN LATERAL (SELECT ${returnedMoneySql.refunded} AS refunded, ${returnedMoneySql.credited} AS credited, ${returnedMoneySql.disputeLost} AS dispute_lost) m`;
const tenantKey = `CASE WHEN GROUPING(i.tenant_id) = 1 THEN '${ALL_TENANTS}'::uuid ELSE i.tenant_id END`;

export const rebuildStatements = [
  `INSERT INTO report_revenue_daily (tenant_id, day, currency, bucket, invoice_count, total, amount_paid, amount_remaining, refunded, credited, dispute_lost)
   SELECT ${tenantKey}, d.day, lower(i.currency), i.status::text, count(*), sum(i.total), sum(i.amount_paid), sum(i.amount_remaining),
          sum(m.refunded), sum(m.credited), sum(m.dispute_lost)
   FROM invoices i
   CROSS JOIN LATERAL (SELECT CASE WHEN i.status = 'paid' AND i.paid_at IS NOT NULL THEN ${utcDate("i.paid_at")} ELSE ${utcDate("i.stripe_created_at")} END AS day) d
   ${returnedMoney}
   WHERE i.deleted_at IS NULL
   GROUP BY GROUPING SETS ((i.tenant_id, d.day, lower(i.currency), i.status), (d.day, lower(i.currency), i.status))`,
  `INSERT INTO report_collection_daily (tenant_id, day, currency, finalized_count, failed_count, recovered_count, lost_count, failed_amount, recovered_amount)
   SELECT ${tenantKey}, ${utcDate("i.stripe_created_at")}, lower(i.currency), count(*),
          count(f.payment_failed_at),
          count(f.payment_failed_at) FILTER (WHERE i.status = 'paid'),
          count(f.payment_failed_at) FILTER (WHERE i.status IN ('uncollectible', 'void')),
          coalesce(sum(i.total) FILTER (WHERE f.payment_failed_at IS NOT NULL), 0),
          coalesce(sum(i.amount_paid) FILTER (WHERE f.payment_failed_at IS NOT NULL AND i.status = 'paid'), 0)
   FROM invoices i LEFT JOIN report_invoice_facts f ON f.invoice_id = i.id
   WHERE i.status <> 'draft' AND i.deleted_at IS NULL
   GROUP BY GROUPING SETS ((i.tenant_id, ${utcDate("i.stripe_created_at")}, lower(i.currency)), (${utcDate("i.stripe_created_at")}, lower(i.currency)))`,
  `INSERT INTO report_receivables_daily (tenant_id, due_day, currency, open_count, amount_remaining)
   SELECT ${tenantKey}, ${utcDate("coalesce(i.due_date, i.stripe_created_at)")}, lower(i.currency), count(*), sum(i.amount_remaining)
   FROM invoices i WHERE i.status = 'open' AND i.deleted_at IS NULL
   GROUP BY GROUPING SETS ((i.tenant_id, ${utcDate("coalesce(i.due_date, i.stripe_created_at)")}, lower(i.currency)), (${utcDate("coalesce(i.due_date, i.stripe_created_at)")}, lower(i.currency)))`,
  `INSERT INTO report_customer_monthly (tenant_id, month, currency, customer_id, paid_count, paid_total)
   SELECT i.tenant_id, date_trunc('month', coalesce(i.paid_at, i.stripe_created_at) AT TIME ZONE 'UTC')::date, lower(i.currency), i.customer_id, count(*),
          sum(i.amount_paid - m.refunded - m.credited - m.dispute_lost)
   FROM invoices i ${returnedMoney} WHERE i.status = 'paid' AND i.deleted_at IS NULL
   GROUP BY 1, 2, 3, 4`,
];

/** Failed payments recorded before the rollups existed: the audit trail names them. */
const backfillFacts = `
  INSERT INTO report_invoice_facts (invoice_id, tenant_id, payment_failed_at)
  SELECT i.id, i.tenant_id, min(a.created_at)
  FROM audit_events a JOIN invoices i ON i.id::text = a.entity_id
  WHERE a.entity_type = 'invoice' AND a.event_type = 'invoice.payment_failed'
  GROUP BY i.id, i.tenant_id
  ON CONFLICT (invoice_id) DO NOTHING`;

async function rebuildIn(session: SqlSession, options: { backfillFacts: boolean }): Promise<void> {
  await session.exec("BEGIN");
  try {
    // Writers of invoices wait at their rollup upsert until the rebuild commits, then apply their
    // delta on top of it: nothing is counted twice or lost.
    await session.exec(`LOCK TABLE ${ROLLUP_TABLES.join(", ")} IN ACCESS EXCLUSIVE MODE`);
    if (options.backfillFacts) await session.exec(backfillFacts);
    await session.exec(`TRUNCATE ${ROLLUP_TABLES.join(", ")}`);
    for (const statement of rebuildStatements) await session.exec(statement);
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK");
    throw error;
  }
}

/** Recomputes every invoice rollup from the invoices table. */
export async function rebuildInvoiceRollups(options: { backfillFacts?: boolean } = {}): Promise<void> {
  await sql().session((session) => rebuildIn(session, { backfillFacts: options.backfillFacts ?? true }));
}

const BUILT_MARKER = "reports.rollups_built_at";

/**
 * Fills the rollups once per database (marker in app_settings); later changes arrive
 * incrementally through the invoice transaction.
 */
export async function ensureInvoiceRollupsBuilt(): Promise<boolean> {
  const marker = await sql().query<{ value: string }>("SELECT value FROM app_settings WHERE key = $1", [BUILT_MARKER]);
  if (marker.length > 0) return false;
  await rebuildInvoiceRollups();
  // A first install also needs the cron-maintained rollups, not five minutes of empty pages.
  await backfillMrr(12);
  await refreshPipelineRollup({ since: null });
  await sql().query(
    "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING",
    [BUILT_MARKER, new Date().toISOString()],
  );
  return true;
}

export async function markInvoiceRollupsBuilt(): Promise<void> {
  await sql().query(
    "INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()",
    [BUILT_MARKER, new Date().toISOString()],
  );
}
