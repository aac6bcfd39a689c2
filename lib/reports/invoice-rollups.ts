// Incremental maintenance of the invoice rollups. An invoice contributes fixed amounts to a few
// rollup rows (its revenue day, its collection day, its due day while open, its customer's month);
// a change applies contribution(new) − contribution(old) as BIGINT deltas with one upsert per
// table, inside the invoice's own transaction, so rollups never drift from the invoices and a
// report never scans invoices or line items.
import { Prisma } from "@/lib/db/generated/client";
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { toMinorUnits } from "@/lib/money/minor-units";
import { toInteger } from "./figures";
import { returnedMoneySql } from "./returned-money-sql";
import { ALL_TENANTS, type ReportName } from "./report-names";

/** What the rollups read of an invoice (its row plus whether a payment ever failed). */
export interface InvoiceRollupState {
  tenantId: string;
  customerId: string;
  status: InvoiceStatus;
  currency: string;
  total: number;
  amountPaid: number;
  amountRemaining: number;
  stripeCreatedAt: Date;
  paidAt: Date | null;
  dueDate: Date | null;
  paymentFailed: boolean;
  /** Money returned from the invoice (lib/money-returned): refunds, post-payment credits, lost disputes. */
  refunded: number;
  credited: number;
  disputeLost: number;
}

export type RollupTable = "report_revenue_daily" | "report_collection_daily" | "report_receivables_daily" | "report_customer_monthly";

interface TableShape {
  keys: readonly string[];
  values: readonly string[];
  reports: readonly ReportName[];
}

const tables: Record<RollupTable, TableShape> = {
  report_revenue_daily: {
    keys: ["tenant_id", "day", "currency", "bucket"],
    values: ["invoice_count", "total", "amount_paid", "amount_remaining", "refunded", "credited", "dispute_lost"],
    reports: ["revenue"],
  },
  report_collection_daily: {
    keys: ["tenant_id", "day", "currency"],
    values: ["finalized_count", "failed_count", "recovered_count", "lost_count", "failed_amount", "recovered_amount"],
    reports: ["collections"],
  },
  report_receivables_daily: {
    keys: ["tenant_id", "due_day", "currency"],
    values: ["open_count", "amount_remaining"],
    reports: ["aging"],
  },
  report_customer_monthly: {
    keys: ["tenant_id", "month", "currency", "customer_id"],
    values: ["paid_count", "paid_total"],
    reports: ["customers"],
  },
};

export interface Contribution {
  table: RollupTable;
  key: string[];
  values: number[];
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);
const utcMonth = (date: Date) => `${date.toISOString().slice(0, 7)}-01`;

/** The day an invoice's revenue counts on: the day it was paid, otherwise the day it was created. */
export function revenueDay(state: Pick<InvoiceRollupState, "status" | "paidAt" | "stripeCreatedAt">): string {
  return utcDay(state.status === "paid" && state.paidAt ? state.paidAt : state.stripeCreatedAt);
}

/** The rollup rows one invoice state adds to (each for its tenant and for the all-tenants totals). */
export function contributionsOf(state: InvoiceRollupState): Contribution[] {
  const out: Contribution[] = [];
  const both = (table: RollupTable, key: string[], values: number[]) => {
    out.push({ table, key: [state.tenantId, ...key], values });
    out.push({ table, key: [ALL_TENANTS, ...key], values });
  };
  const currency = state.currency.toLowerCase();
  const createdDay = utcDay(state.stripeCreatedAt);
  both("report_revenue_daily", [revenueDay(state), currency, state.status], [1, state.total, state.amountPaid, state.amountRemaining, state.refunded, state.credited, state.disputeLost]);
  if (state.status !== "draft") {
    const failed = state.paymentFailed ? 1 : 0;
    const recovered = failed && state.status === "paid" ? 1 : 0;
    const lost = failed && (state.status === "uncollectible" || state.status === "void") ? 1 : 0;
    both("report_collection_daily", [createdDay, currency], [1, failed, recovered, lost, failed * state.total, recovered * state.amountPaid]);
  }
  if (state.status === "open") {
    both("report_receivables_daily", [utcDay(state.dueDate ?? state.stripeCreatedAt), currency], [1, state.amountRemaining]);
  }
  if (state.status === "paid") {
    // A customer's revenue is what they paid net of what went back to them.
    const net = state.amountPaid - state.refunded - state.credited - state.disputeLost;
    out.push({ table: "report_customer_monthly", key: [state.tenantId, utcMonth(state.paidAt ?? state.stripeCreatedAt), currency, state.customerId], values: [1, net] });
  }
  return out;
}

/** contribution(after) − contribution(before), merged per row, zero rows dropped, in key order. */
export function rollupDelta(before: InvoiceRollupState | null, after: InvoiceRollupState | null): Contribution[] {
  const negated = (before ? contributionsOf(before) : []).map((item) => ({ ...item, values: item.values.map((v) => -v) }));
  return foldContributions([...negated, ...(after ? contributionsOf(after) : [])]);
}

/** The reports whose figures a delta changes. */
export function reportsTouchedBy(delta: Contribution[]): ReportName[] {
  return [...new Set(delta.flatMap((c) => tables[c.table].reports))];
}

/**
 * Deltas summed per rollup row, in one fixed order of rows: an upsert may touch a row only once,
 * and writers that lock rows in the same order (every apply, a batch's folded deltas) never
 * deadlock on them. Rows that sum to nothing are left out.
 */
export function foldContributions(deltas: Contribution[]): Contribution[] {
  const merged = new Map<string, Contribution>();
  for (const item of deltas) {
    const id = `${item.table}|${item.key.join("|")}`;
    const current = merged.get(id) ?? { table: item.table, key: item.key, values: item.values.map(() => 0) };
    current.values = current.values.map((v, i) => v + (item.values[i] ?? 0));
    merged.set(id, current);
  }
  return [...merged.entries()]
    .filter(([, c]) => c.values.some((v) => v !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

/**
 * Each rollup row is kept in up to this many shards, its figures their sum (every report sums
 * them). An apply writes to a shard no other apply in flight holds, so applies of one tenant, and
 * of every tenant through the all-tenants rows, do not queue on the same rows until each commits.
 */
export const ROLLUP_SHARDS = 16;
/** The first key of the advisory locks (two-int form) that reserve a shard for a transaction. */
const SHARD_LOCK_SPACE = 0x5e11_0a11;

/**
 * The shard this transaction writes its deltas to: the first one no other transaction holds,
 * reserved until this one ends (a second write in the same transaction may take another free
 * one). With every shard held, a random one: its rows are then waited on, as without shards.
 */
const shardCte =
  `"rollup_shard" AS (SELECT COALESCE((SELECT s FROM generate_series(0, ${ROLLUP_SHARDS - 1}) AS s ` +
  `WHERE pg_try_advisory_xact_lock(${SHARD_LOCK_SPACE}, s) LIMIT 1), floor(random() * ${ROLLUP_SHARDS})::int)::smallint AS shard)`;

/**
 * A delta as data-modifying CTEs (`name AS (INSERT … ON CONFLICT …)`), one per table it touches,
 * each reading its rows from one JSON parameter, after one that picks the shard they write to: a
 * caller folds them into its own statement. `param(value)` registers a parameter and returns its
 * placeholder.
 */
export function rollupDeltaCtes(delta: Contribution[], param: (value: string) => string): string[] {
  const ctes: string[] = [];
  const folded = foldContributions(delta);
  for (const table of Object.keys(tables) as RollupTable[]) {
    const rows = folded.filter((c) => c.table === table);
    if (rows.length === 0) continue;
    const shape = tables[table];
    const records = rows.map((row) => Object.fromEntries([...shape.keys.map((k, i) => [k, row.key[i]]), ...shape.values.map((v, i) => [v, row.values[i]])]));
    const columns = [...shape.keys, ...shape.values].map((c) => `"${c}"`).join(", ");
    const updates = shape.values.map((c) => `"${c}" = "${table}"."${c}" + EXCLUDED."${c}"`).join(", ");
    ctes.push(
      `"delta_${table}" AS (INSERT INTO "${table}" (${columns}, "shard") ` +
        `SELECT ${columns}, (SELECT shard FROM "rollup_shard") FROM jsonb_populate_recordset(NULL::"${table}", ${param(JSON.stringify(records))}::jsonb) ` +
        `ON CONFLICT (${shape.keys.map((k) => `"${k}"`).join(", ")}, "shard") DO UPDATE SET ${updates})`,
    );
  }
  return ctes.length ? [shardCte, ...ctes] : ctes;
}

/** A rollup table's rows as the reports read them: each row's figures summed over its shards, in key order. */
export function rollupRowsSql(table: RollupTable): string {
  const { keys, values } = tables[table];
  const keyList = keys.map((k) => `"${k}"`).join(", ");
  return `SELECT ${keyList}, ${values.map((v) => `sum("${v}")::bigint AS "${v}"`).join(", ")} FROM "${table}" GROUP BY ${keyList} ORDER BY ${keyList}`;
}

/** Applies a delta in one statement (one upsert per table it touches). */
export async function applyRollupDelta(tx: Prisma.TransactionClient, delta: Contribution[]): Promise<void> {
  const params: string[] = [];
  const ctes = rollupDeltaCtes(delta, (value) => `$${params.push(value)}`);
  if (ctes.length === 0) return;
  await tx.$executeRawUnsafe(`WITH ${ctes.join(", ")} SELECT 1`, ...params);
}

/** The columns of an invoice `i` joined to its facts `f` that make its rollup state (see rollupStateOf). */
export const rollupStateColumns = Prisma.raw(
  `i.tenant_id::text AS tenant_id, i.customer_id::text AS customer_id, i.status::text AS status, i.currency, i.total, i.amount_paid, i.amount_remaining, ` +
    `i.stripe_created_at, i.paid_at, i.due_date, (f.payment_failed_at IS NOT NULL) AS payment_failed, ` +
    `${returnedMoneySql.refunded} AS refunded, ${returnedMoneySql.credited} AS credited, ${returnedMoneySql.disputeLost} AS dispute_lost`,
);

/** A row read with rollupStateColumns. */
export interface RollupStateRow {
  tenant_id: string;
  customer_id: string;
  status: InvoiceStatus;
  currency: string;
  total: bigint;
  amount_paid: bigint;
  amount_remaining: bigint;
  stripe_created_at: Date;
  paid_at: Date | null;
  due_date: Date | null;
  payment_failed: boolean;
  refunded: unknown;
  credited: unknown;
  dispute_lost: unknown;
}

export function rollupStateOf(row: RollupStateRow): InvoiceRollupState {
  return {
    tenantId: row.tenant_id,
    customerId: row.customer_id,
    status: row.status,
    currency: row.currency,
    total: toMinorUnits(row.total),
    amountPaid: toMinorUnits(row.amount_paid),
    amountRemaining: toMinorUnits(row.amount_remaining),
    stripeCreatedAt: row.stripe_created_at,
    paidAt: row.paid_at,
    dueDate: row.due_date,
    paymentFailed: row.payment_failed,
    refunded: toInteger(row.refunded),
    credited: toInteger(row.credited),
    disputeLost: toInteger(row.dispute_lost),
  };
}

/** Reads an invoice's rollup state inside the transaction (null when it does not exist yet, or was deleted). */
export async function readInvoiceRollupState(tx: Prisma.TransactionClient, invoiceId: string): Promise<InvoiceRollupState | null> {
  const rows = await tx.$queryRaw<RollupStateRow[]>`
    SELECT ${rollupStateColumns}
    FROM invoices i LEFT JOIN report_invoice_facts f ON f.invoice_id = i.id
    WHERE i.id = ${invoiceId}::uuid AND i.deleted_at IS NULL`;
  return rows[0] ? rollupStateOf(rows[0]) : null;
}

/**
 * Called by applyStripeInvoice inside its transaction after it wrote the invoice: records a
 * failed payment when the event says so, applies the rollup delta and returns the reports whose
 * figures changed (published for cache invalidation once the transaction commits).
 */
export async function maintainInvoiceRollups(
  tx: Prisma.TransactionClient,
  before: InvoiceRollupState | null,
  invoiceId: string,
  eventType: string,
  eventAt: Date,
): Promise<{ tenantId: string; reports: ReportName[] } | null> {
  if (eventType === "invoice.payment_failed") {
    await tx.$executeRaw`
      INSERT INTO report_invoice_facts (invoice_id, tenant_id, payment_failed_at)
      SELECT id, tenant_id, ${eventAt} FROM invoices WHERE id = ${invoiceId}::uuid
      ON CONFLICT (invoice_id) DO UPDATE SET payment_failed_at = LEAST(report_invoice_facts.payment_failed_at, EXCLUDED.payment_failed_at)`;
  }
  const after = await readInvoiceRollupState(tx, invoiceId);
  const delta = rollupDelta(before, after);
  await applyRollupDelta(tx, delta);
  const tenantId = after?.tenantId ?? before?.tenantId;
  return tenantId && delta.length > 0 ? { tenantId, reports: reportsTouchedBy(delta) } : null;
}
