// Money at risk behind dead letters: the invoices whose change did not apply (an open or replaying
// envelope about them) and their amount due, per currency. The stored invoice's amount when
// Ledgerline has it, else the amount in the envelope's payload. Each invoice counts once however
// many of its events failed (its newest failed event wins).
import { sql } from "@/lib/db/client";
import { currencyFractionDigits } from "@/lib/money/format-money";

export interface CurrencyAmount {
  currency: string;
  /** Integer minor units. */
  amount: number;
}

export interface MoneyAtRisk {
  invoices: number;
  amounts: CurrencyAmount[];
}

export const NO_MONEY_AT_RISK: MoneyAtRisk = { invoices: 0, amounts: [] };

const STUCK_INVOICES = `
  SELECT DISTINCT ON (fe."fingerprint", o."invoice_id") fe."fingerprint", fe."id" AS "envelope_id", o."invoice_id",
         lower(COALESCE(i."currency", fe."payload" #>> '{stripeEvent,data,object,currency}')) AS "currency",
         COALESCE(i."amount_due"::bigint, CASE WHEN o."payload_amount" ~ '^[0-9]{1,15}$' THEN o."payload_amount"::bigint END) AS "amount"
  FROM "failure_envelopes" fe
  CROSS JOIN LATERAL (SELECT fe."payload" #>> '{stripeEvent,data,object,id}' AS "invoice_id",
                             fe."payload" #>> '{stripeEvent,data,object,amount_due}' AS "payload_amount") o
  LEFT JOIN "invoices" i ON i."stripe_invoice_id" = o."invoice_id"
  WHERE fe."status" IN ('open', 'replayed') AND fe."payload" #>> '{stripeEvent,data,object,object}' = 'invoice' AND o."invoice_id" IS NOT NULL`;

function toMoney(rows: { currency: string | null; invoices: number; amount: string | null }[]): MoneyAtRisk {
  const amounts = rows
    .filter((row): row is { currency: string; invoices: number; amount: string } => Boolean(row.currency && /^[a-z]{3}$/.test(row.currency) && row.amount !== null))
    .map((row) => ({ currency: row.currency, amount: Number(row.amount) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return { invoices: rows.reduce((sum, row) => sum + row.invoices, 0), amounts };
}

/** Money at risk of each issue (by fingerprint); issues with nothing at risk are absent. */
export async function moneyAtRiskByFingerprint(fingerprints: string[]): Promise<Map<string, MoneyAtRisk>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await sql().query<{ fingerprint: string; currency: string | null; invoices: number; amount: string | null }>(
    `SELECT s."fingerprint", s."currency", count(*)::int AS "invoices", sum(s."amount")::text AS "amount"
     FROM (${STUCK_INVOICES} AND fe."fingerprint" IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY fe."fingerprint", o."invoice_id", fe."failed_at" DESC) s
     GROUP BY 1, 2`,
    [JSON.stringify(fingerprints)],
  );
  const byFingerprint = new Map<string, typeof rows>();
  for (const row of rows) byFingerprint.set(row.fingerprint, [...(byFingerprint.get(row.fingerprint) ?? []), row]);
  return new Map([...byFingerprint].map(([fingerprint, group]) => [fingerprint, toMoney(group)]));
}

/** Money at risk of one envelope: its invoice's amount due while the envelope is unresolved. */
export async function moneyAtRiskOfEnvelope(envelopeId: string): Promise<MoneyAtRisk> {
  const rows = await sql().query<{ currency: string | null; invoices: number; amount: string | null }>(
    `SELECT s."currency", count(*)::int AS "invoices", sum(s."amount")::text AS "amount"
     FROM (${STUCK_INVOICES} AND fe."id" = $1::uuid ORDER BY fe."fingerprint", o."invoice_id", fe."failed_at" DESC) s
     GROUP BY 1`,
    [envelopeId],
  );
  return toMoney(rows);
}

/**
 * One number to sort issues by: the amounts in major units, added across currencies (no exchange
 * rates: a ranking, never a figure shown).
 */
export function moneyRank(money: MoneyAtRisk): number {
  return money.amounts.reduce((sum, { currency, amount }) => sum + amount / 10 ** currencyFractionDigits(currency), 0);
}
