// Report reads. Every query reads a rollup table by its primary key prefix (tenant_id first, so a
// scope can only ever see its own rows; ALL_TENANTS is the staff-only totals row set) and never
// touches invoices or line items. The plans are in docs/query-plans/.
import "server-only";
import { sql } from "@/lib/db/client";
import { basisPoints, toDay, toInteger } from "./figures";
import { addDays, today, type Granularity, type ReportFilters } from "./filters";
import { ALL_TENANTS } from "./report-names";

type Row = Record<string, unknown>;

const periodExpr = (by: Granularity, column: string) => `date_trunc('${by}', ${column})::date`;

async function currenciesOf(table: string, scope: string): Promise<string[]> {
  const rows = await sql().query<Row>(
    `SELECT currency FROM (SELECT DISTINCT currency FROM ${table} WHERE tenant_id = $1::uuid) c ORDER BY currency = 'usd' DESC, currency`,
    [scope],
  );
  return rows.map((r) => String(r.currency).trim());
}

function pickCurrency(currencies: string[], requested?: string): string {
  return requested ?? currencies[0] ?? "usd";
}

export interface RevenuePeriod {
  period: string;
  /** Gross: what the invoices paid in the period collected. */
  paid: number;
  /** Returned since from those invoices: refunds, post-payment credits, lost disputes. */
  refunded: number;
  credited: number;
  disputeLost: number;
  /** Net revenue: paid minus everything returned; never counts refunded or credited money. */
  net: number;
  open: number;
  uncollectible: number;
  paidCount: number;
  openCount: number;
  uncollectibleCount: number;
}

export interface RevenueReport {
  currency: string;
  currencies: string[];
  periods: RevenuePeriod[];
  totals: Omit<RevenuePeriod, "period">;
}

/** Paid, open and written-off amounts per day, week or month. */
export async function getRevenueReport(scope: string, filters: ReportFilters): Promise<RevenueReport> {
  const currencies = await currenciesOf("report_revenue_daily", scope);
  const currency = pickCurrency(currencies, filters.currency);
  const rows = await sql().query<Row>(
    `SELECT ${periodExpr(filters.by, "day")} AS period,
            sum(amount_paid) FILTER (WHERE bucket = 'paid') AS paid,
            sum(refunded) FILTER (WHERE bucket = 'paid') AS refunded,
            sum(credited) FILTER (WHERE bucket = 'paid') AS credited,
            sum(dispute_lost) FILTER (WHERE bucket = 'paid') AS dispute_lost,
            sum(amount_remaining) FILTER (WHERE bucket = 'open') AS open,
            sum(total - amount_paid) FILTER (WHERE bucket = 'uncollectible') AS uncollectible,
            sum(invoice_count) FILTER (WHERE bucket = 'paid') AS paid_count,
            sum(invoice_count) FILTER (WHERE bucket = 'open') AS open_count,
            sum(invoice_count) FILTER (WHERE bucket = 'uncollectible') AS uncollectible_count
     FROM report_revenue_daily
     WHERE tenant_id = $1::uuid AND day BETWEEN $2::date AND $3::date AND currency = $4 AND bucket IN ('paid', 'open', 'uncollectible')
     GROUP BY 1 ORDER BY 1`,
    [scope, filters.from, filters.to, currency],
  );
  const periods = rows.map((r) => ({
    period: toDay(r.period),
    paid: toInteger(r.paid),
    refunded: toInteger(r.refunded),
    credited: toInteger(r.credited),
    disputeLost: toInteger(r.dispute_lost),
    net: toInteger(r.paid) - toInteger(r.refunded) - toInteger(r.credited) - toInteger(r.dispute_lost),
    open: toInteger(r.open),
    uncollectible: toInteger(r.uncollectible),
    paidCount: toInteger(r.paid_count),
    openCount: toInteger(r.open_count),
    uncollectibleCount: toInteger(r.uncollectible_count),
  }));
  const totals = { paid: 0, refunded: 0, credited: 0, disputeLost: 0, net: 0, open: 0, uncollectible: 0, paidCount: 0, openCount: 0, uncollectibleCount: 0 };
  for (const p of periods) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += p[k];
  return { currency, currencies, periods, totals };
}

export interface MrrMonth {
  month: string;
  mrr: number;
  newMrr: number;
  expansion: number;
  contraction: number;
  churn: number;
  customers: number;
}

export interface MrrReport {
  currency: string;
  currencies: string[];
  months: MrrMonth[];
  /** When the newest month was last refreshed from the subscriptions. */
  refreshedAt: string | null;
}

/** MRR at each month end and its movement against the month before. */
export async function getMrrReport(scope: string, filters: ReportFilters): Promise<MrrReport> {
  const currencies = await currenciesOf("report_mrr_monthly", scope);
  const currency = pickCurrency(currencies, filters.currency);
  const rows = await sql().query<Row>(
    `SELECT month, mrr, new_mrr, expansion_mrr, contraction_mrr, churned_mrr, customers, refreshed_at
     FROM report_mrr_monthly
     WHERE tenant_id = $1::uuid AND month BETWEEN date_trunc('month', $2::date)::date AND $3::date AND currency = $4
     ORDER BY month`,
    [scope, filters.from, filters.to, currency],
  );
  const months = rows.map((r) => ({
    month: toDay(r.month),
    mrr: toInteger(r.mrr),
    newMrr: toInteger(r.new_mrr),
    expansion: toInteger(r.expansion_mrr),
    contraction: toInteger(r.contraction_mrr),
    churn: toInteger(r.churned_mrr),
    customers: toInteger(r.customers),
  }));
  const last = rows[rows.length - 1];
  return { currency, currencies, months, refreshedAt: last ? new Date(last.refreshed_at as string | Date).toISOString() : null };
}

export interface CollectionPeriod {
  period: string;
  finalized: number;
  failed: number;
  recovered: number;
  lost: number;
  failedAmount: number;
  recoveredAmount: number;
  /** Failed ÷ finalized, in basis points. */
  failureRateBp: number | null;
  /** Recovered ÷ failed, in basis points. */
  recoveryRateBp: number | null;
}

export interface CollectionsReport {
  currency: string;
  currencies: string[];
  periods: CollectionPeriod[];
  totals: Omit<CollectionPeriod, "period">;
}

function collectionFigures(r: { finalized: number; failed: number; recovered: number; lost: number; failedAmount: number; recoveredAmount: number }) {
  return { ...r, failureRateBp: basisPoints(r.failed, r.finalized), recoveryRateBp: basisPoints(r.recovered, r.failed) };
}

/** Failed-payment rate and recovery, by the day the invoices were created. */
export async function getCollectionsReport(scope: string, filters: ReportFilters): Promise<CollectionsReport> {
  const currencies = await currenciesOf("report_collection_daily", scope);
  const currency = pickCurrency(currencies, filters.currency);
  const rows = await sql().query<Row>(
    `SELECT ${periodExpr(filters.by, "day")} AS period, sum(finalized_count) AS finalized, sum(failed_count) AS failed,
            sum(recovered_count) AS recovered, sum(lost_count) AS lost, sum(failed_amount) AS failed_amount, sum(recovered_amount) AS recovered_amount
     FROM report_collection_daily
     WHERE tenant_id = $1::uuid AND day BETWEEN $2::date AND $3::date AND currency = $4
     GROUP BY 1 ORDER BY 1`,
    [scope, filters.from, filters.to, currency],
  );
  const raw = rows.map((r) => ({
    period: toDay(r.period),
    finalized: toInteger(r.finalized),
    failed: toInteger(r.failed),
    recovered: toInteger(r.recovered),
    lost: toInteger(r.lost),
    failedAmount: toInteger(r.failed_amount),
    recoveredAmount: toInteger(r.recovered_amount),
  }));
  const sum = { finalized: 0, failed: 0, recovered: 0, lost: 0, failedAmount: 0, recoveredAmount: 0 };
  for (const p of raw) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += p[k];
  return { currency, currencies, periods: raw.map((p) => ({ period: p.period, ...collectionFigures(p) })), totals: collectionFigures(sum) };
}

export interface TopCustomer {
  customerId: string;
  name: string;
  tenantName: string;
  paidTotal: number;
  paidCount: number;
}

export interface TopCustomersReport {
  currency: string;
  currencies: string[];
  /** Top customers count whole months: the range is widened to the months it touches. */
  fromMonth: string;
  toMonth: string;
  customers: TopCustomer[];
}

export const TOP_CUSTOMERS = 10;

/** The customers who paid the most in the range's months. */
export async function getTopCustomersReport(scope: string, filters: ReportFilters): Promise<TopCustomersReport> {
  const all = scope === ALL_TENANTS;
  const currencies = await currenciesOf("report_revenue_daily", scope);
  const currency = pickCurrency(currencies, filters.currency);
  const fromMonth = `${filters.from.slice(0, 7)}-01`;
  const toMonth = `${filters.to.slice(0, 7)}-01`;
  // Staff totals span every tenant: the month-first index serves that scan.
  const rows = await sql().query<Row>(
    `SELECT m.customer_id, sum(m.paid_total) AS paid_total, sum(m.paid_count) AS paid_count
     FROM report_customer_monthly m
     WHERE ${all ? "" : "m.tenant_id = $4::uuid AND "}m.month BETWEEN $1::date AND $2::date AND m.currency = $3
     GROUP BY m.customer_id ORDER BY paid_total DESC, m.customer_id LIMIT ${TOP_CUSTOMERS}`,
    all ? [fromMonth, toMonth, currency] : [fromMonth, toMonth, currency, scope],
  );
  const ids = rows.map((r) => String(r.customer_id));
  const names = ids.length
    ? await sql().query<Row>(
        `SELECT c.id, coalesce(c.name, c.email, c.stripe_customer_id) AS name, t.name AS tenant_name
         FROM customers c JOIN tenants t ON t.id = c.tenant_id WHERE c.id = ANY($1::uuid[])${all ? "" : " AND c.tenant_id = $2::uuid"}`,
        all ? [ids] : [ids, scope],
      )
    : [];
  const byId = new Map(names.map((n) => [String(n.id), n]));
  return {
    currency,
    currencies,
    fromMonth,
    toMonth,
    customers: rows.map((r) => {
      const named = byId.get(String(r.customer_id));
      return {
        customerId: String(r.customer_id),
        name: String(named?.name ?? "Unknown customer"),
        tenantName: String(named?.tenant_name ?? ""),
        paidTotal: toInteger(r.paid_total),
        paidCount: toInteger(r.paid_count),
      };
    }),
  };
}

export const agingBuckets = ["Not yet due", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"] as const;

export interface AgingReport {
  currency: string;
  currencies: string[];
  asOf: string;
  buckets: { label: (typeof agingBuckets)[number]; count: number; amount: number }[];
}

/** Open invoices by how long past due they are, as of today. */
export async function getAgingReport(scope: string, filters: ReportFilters, now = new Date()): Promise<AgingReport> {
  const currencies = await currenciesOf("report_receivables_daily", scope);
  const currency = pickCurrency(currencies, filters.currency);
  const asOf = today(now);
  const rows = await sql().query<Row>(
    `SELECT CASE WHEN due_day >= $2::date THEN 0 WHEN due_day >= $2::date - 30 THEN 1 WHEN due_day >= $2::date - 60 THEN 2
                 WHEN due_day >= $2::date - 90 THEN 3 ELSE 4 END AS bucket,
            sum(open_count) AS count, sum(amount_remaining) AS amount
     FROM report_receivables_daily WHERE tenant_id = $1::uuid AND currency = $3
     GROUP BY 1`,
    [scope, asOf, currency],
  );
  const found = new Map(rows.map((r) => [toInteger(r.bucket), r]));
  return {
    currency,
    currencies,
    asOf,
    buckets: agingBuckets.map((label, i) => ({ label, count: toInteger(found.get(i)?.count), amount: toInteger(found.get(i)?.amount) })),
  };
}

export interface PipelineTypeRow {
  eventType: string;
  received: number;
  processed: number;
  ignored: number;
  failed: number;
  deadLetters: number;
  avgLatencyMs: number | null;
  maxLatencyMs: number;
  /** Share of processed events handled within 1 s / 10 s, in basis points. */
  within1sBp: number | null;
  within10sBp: number | null;
}

export interface PipelineReport {
  days: { day: string; received: number; processed: number; deadLetters: number }[];
  types: PipelineTypeRow[];
  deadLetterRateBp: number | null;
  refreshedAt: string | null;
}

/** Webhook events per type, processing latency and the dead-letter rate. */
export async function getPipelineReport(scope: string, filters: ReportFilters): Promise<PipelineReport> {
  const params = [scope, `${filters.from}T00:00:00Z`, `${addDays(filters.to, 1)}T00:00:00Z`];
  const [types, days, refreshed] = await Promise.all([
    sql().query<Row>(
      `SELECT event_type, sum(received_count) AS received, sum(processed_count) AS processed, sum(ignored_count) AS ignored,
              sum(failed_count) AS failed, sum(dead_letter_count) AS dead_letters, sum(latency_sum_ms) AS latency_sum,
              max(latency_max_ms) AS latency_max, sum(latency_le_1s) AS le_1s, sum(latency_le_10s) AS le_10s
       FROM report_pipeline_hourly WHERE tenant_id = $1::uuid AND hour >= $2::timestamptz AND hour < $3::timestamptz
       GROUP BY event_type ORDER BY received DESC, event_type`,
      params,
    ),
    sql().query<Row>(
      `SELECT (hour AT TIME ZONE 'UTC')::date AS day, sum(received_count) AS received, sum(processed_count) AS processed, sum(dead_letter_count) AS dead_letters
       FROM report_pipeline_hourly WHERE tenant_id = $1::uuid AND hour >= $2::timestamptz AND hour < $3::timestamptz
       GROUP BY 1 ORDER BY 1`,
      params,
    ),
    sql().query<Row>("SELECT value FROM app_settings WHERE key = 'reports.pipeline_refreshed_at'"),
  ]);
  const typeRows = types.map((r) => {
    const processed = toInteger(r.processed);
    return {
      eventType: String(r.event_type),
      received: toInteger(r.received),
      processed,
      ignored: toInteger(r.ignored),
      failed: toInteger(r.failed),
      deadLetters: toInteger(r.dead_letters),
      avgLatencyMs: processed === 0 ? null : Math.round(toInteger(r.latency_sum) / processed),
      maxLatencyMs: toInteger(r.latency_max),
      within1sBp: basisPoints(toInteger(r.le_1s), processed),
      within10sBp: basisPoints(toInteger(r.le_10s), processed),
    };
  });
  const received = typeRows.reduce((s, t) => s + t.received, 0);
  const dead = typeRows.reduce((s, t) => s + t.deadLetters, 0);
  return {
    days: days.map((r) => ({ day: toDay(r.day), received: toInteger(r.received), processed: toInteger(r.processed), deadLetters: toInteger(r.dead_letters) })),
    types: typeRows,
    deadLetterRateBp: basisPoints(dead, received),
    refreshedAt: refreshed[0] ? String(refreshed[0].value) : null,
  };
}
