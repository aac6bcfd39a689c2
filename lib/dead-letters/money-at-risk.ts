// Money at risk behind dead letters, per currency, of the invoices whose change did not apply (an
// open or replaying envelope about them): their amount due — the stored invoice's amount when
// Ledgerline has it, else the amount in the envelope's payload — and the value of their unsynced
// usage (a stored draft whose last compiled sync failed: lib/billing-sync/unsynced-usage.ts).
// Each invoice counts once however many of its events failed (its newest failed event wins).
import { UNSYNCED_USAGE_LINES } from "@/lib/billing-sync/unsynced-usage";
import { sql } from "@/lib/db/client";
import { currencyFractionDigits } from "@/lib/money/format-money";

export interface CurrencyAmount {
  currency: string;
  /** Integer minor units. */
  amount: number;
}

export interface MoneyAtRisk {
  invoices: number;
  /** Everything at risk per currency: amount due plus unsynced usage. */
  amounts: CurrencyAmount[];
  amountDue: CurrencyAmount[];
  unsyncedUsage: CurrencyAmount[];
}

export const NO_MONEY_AT_RISK: MoneyAtRisk = { invoices: 0, amounts: [], amountDue: [], unsyncedUsage: [] };

const STUCK_INVOICES = `
  SELECT DISTINCT ON (fe."fingerprint", o."invoice_id") fe."fingerprint", fe."id" AS "envelope_id", o."invoice_id",
         i."id" AS "local_invoice_id",
         lower(COALESCE(i."currency", fe."payload" #>> '{stripeEvent,data,object,currency}')) AS "currency",
         COALESCE(i."amount_due"::bigint, CASE WHEN o."payload_amount" ~ '^[0-9]{1,15}$' THEN o."payload_amount"::bigint END) AS "amount"
  FROM "failure_envelopes" fe
  CROSS JOIN LATERAL (SELECT fe."payload" #>> '{stripeEvent,data,object,id}' AS "invoice_id",
                             fe."payload" #>> '{stripeEvent,data,object,amount_due}' AS "payload_amount") o
  LEFT JOIN "invoices" i ON i."stripe_invoice_id" = o."invoice_id"
  WHERE fe."status" IN ('open', 'replayed') AND fe."payload" #>> '{stripeEvent,data,object,object}' = 'invoice' AND o."invoice_id" IS NOT NULL`;

/**
 * Per stuck invoice (of `stuck`), its amount due and its unsynced usage, one row per kind and
 * currency, then summed per `key` (the fingerprint, or one envelope); `invoices` counts
 * the key's stuck invoices.
 */
function moneyQuery(stuckFilter: string, key: string): string {
  return `
    WITH "stuck" AS (${STUCK_INVOICES} AND ${stuckFilter} ORDER BY fe."fingerprint", o."invoice_id", fe."failed_at" DESC),
    "parts" AS (
      SELECT s."fingerprint", s."envelope_id", 'amount_due' AS "kind", s."currency", s."amount" FROM "stuck" s
      UNION ALL
      SELECT s."fingerprint", s."envelope_id", 'unsynced_usage', u."currency", u."amount"
      FROM "stuck" s JOIN (${UNSYNCED_USAGE_LINES}) u ON u."invoice_id" = s."local_invoice_id"
    )
    SELECT p.${key} AS "key", p."kind", p."currency", sum(p."amount")::text AS "amount",
           (SELECT count(*) FROM "stuck" c WHERE c.${key} = p.${key})::int AS "invoices"
    FROM "parts" p GROUP BY p.${key}, p."kind", p."currency"`;
}

interface MoneyRow {
  key: string;
  kind: "amount_due" | "unsynced_usage";
  currency: string | null;
  amount: string | null;
  invoices: number;
}

function byCurrency(rows: MoneyRow[]): CurrencyAmount[] {
  const sums = new Map<string, number>();
  for (const row of rows) {
    if (!row.currency || !/^[a-z]{3}$/.test(row.currency) || row.amount === null) continue;
    sums.set(row.currency, (sums.get(row.currency) ?? 0) + Number(row.amount));
  }
  return [...sums].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => a.currency.localeCompare(b.currency));
}

function toMoney(rows: MoneyRow[]): MoneyAtRisk {
  const amountDue = byCurrency(rows.filter((row) => row.kind === "amount_due"));
  // A line whose usage Stripe already has adds nothing: it is not shown as a currency at risk.
  const unsyncedUsage = byCurrency(rows.filter((row) => row.kind === "unsynced_usage")).filter((entry) => entry.amount !== 0);
  return { invoices: rows[0]?.invoices ?? 0, amounts: byCurrency(rows), amountDue, unsyncedUsage };
}

async function moneyAtRiskBy(stuckFilter: string, key: string, params: unknown[]): Promise<Map<string, MoneyAtRisk>> {
  const rows = await sql().query<MoneyRow>(moneyQuery(stuckFilter, key), params);
  const byKey = new Map<string, MoneyRow[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return new Map([...byKey].map(([k, group]) => [k, toMoney(group)]));
}

/** Money at risk of each issue (by fingerprint); issues with nothing at risk are absent. */
export async function moneyAtRiskByFingerprint(fingerprints: string[]): Promise<Map<string, MoneyAtRisk>> {
  if (fingerprints.length === 0) return new Map();
  return moneyAtRiskBy(`fe."fingerprint" IN (SELECT jsonb_array_elements_text($1::jsonb))`, `"fingerprint"`, [JSON.stringify(fingerprints)]);
}

/** Money at risk of one envelope: its invoice's amount due and unsynced usage while the envelope is unresolved. */
export async function moneyAtRiskOfEnvelope(envelopeId: string): Promise<MoneyAtRisk> {
  const money = await moneyAtRiskBy(`fe."id" = $1::uuid`, `"envelope_id"`, [envelopeId]);
  return money.get(envelopeId) ?? NO_MONEY_AT_RISK;
}

/**
 * One number to sort issues by: the amounts in major units, added across currencies (no exchange
 * rates: a ranking, never a figure shown).
 */
export function moneyRank(money: MoneyAtRisk): number {
  return money.amounts.reduce((sum, { currency, amount }) => sum + amount / 10 ** currencyFractionDigits(currency), 0);
}
