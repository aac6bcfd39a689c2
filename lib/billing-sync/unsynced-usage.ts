// Usage Ledgerline recorded that Stripe does not have because the draft's compiled sync failed: per
// usage line of a draft whose last push failed (invoice_sync_states.last_sync_error), the
// difference between the line's compiled quantity — the sync's target, every increment floored at
// zero (sync-candidates.ts) — and the quantity Stripe acknowledged, valued at the line's price.
// Either way round it is money at stake (Stripe bills too little, or too much after a correction).
// A draft whose sync succeeded has nothing here: its new usage simply waits for the next tick.
import { sql } from "@/lib/db/client";
import type { CurrencyAmount } from "@/lib/dead-letters/money-at-risk";

/** One row per usage line: "invoice_id", "currency" (lower case), "amount" (minor units). */
export const UNSYNCED_USAGE_LINES = `
  SELECT l."invoice_id", lower(l."currency") AS "currency",
         abs(GREATEST(COALESCE((SELECT sum(ui."quantity") FROM "usage_increments" ui WHERE ui."usage_line_id" = l."id"), 0), 0) - l."synced_quantity") * l."unit_amount" AS "amount"
  FROM "usage_lines" l
  JOIN "invoice_sync_states" ss ON ss."invoice_id" = l."invoice_id" AND ss."last_sync_error" IS NOT NULL
  JOIN "invoices" inv ON inv."id" = l."invoice_id" AND inv."status" = 'draft' AND inv."deleted_at" IS NULL`;

export interface UnsyncedUsage {
  /** Drafts whose last compiled sync failed with usage Stripe does not have. */
  invoices: number;
  amounts: CurrencyAmount[];
}

/** Every draft's unsynced usage, for the support home (a draft bills in one currency). */
export async function summarizeUnsyncedUsage(): Promise<UnsyncedUsage> {
  const rows = await sql().query<{ currency: string; invoices: number; amount: string }>(
    `SELECT u."currency", count(DISTINCT u."invoice_id")::int AS "invoices", sum(u."amount")::text AS "amount"
     FROM (${UNSYNCED_USAGE_LINES}) u WHERE u."amount" <> 0 GROUP BY u."currency" ORDER BY u."currency"`,
  );
  return { invoices: rows.reduce((sum, row) => sum + row.invoices, 0), amounts: rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) })) };
}

/** One draft's unsynced usage, for the alert about its failing sync (a draft bills in one currency). */
export async function unsyncedUsageOfInvoice(invoiceId: string): Promise<CurrencyAmount[]> {
  const rows = await sql().query<{ currency: string; amount: string }>(
    `SELECT u."currency", sum(u."amount")::text AS "amount"
     FROM (${UNSYNCED_USAGE_LINES}) u WHERE u."invoice_id" = $1::uuid AND u."amount" <> 0 GROUP BY u."currency" ORDER BY u."currency"`,
    [invoiceId],
  );
  return rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) }));
}
