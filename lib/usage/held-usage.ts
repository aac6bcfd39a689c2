// Usage held for customers without a draft invoice (pending_usage_increments not yet attached), as
// the support home shows it: customers, increments, value per currency, the oldest, and the
// increments held past their customer's billing period plus a day's grace — by then a draft should
// have come and taken them, so someone must look (billing is not healthy).
import "server-only";
import { sql } from "@/lib/db/client";
import type { CurrencyAmount } from "@/lib/dead-letters/money-at-risk";

/** After its customer's billing period, a held increment gets this long for its draft to come. */
export const HELD_USAGE_GRACE_HOURS = 24;

export interface HeldUsage {
  customers: number;
  increments: number;
  /** Value per currency: each customer's latest invoice's currency (the next draft's, most likely). */
  amounts: CurrencyAmount[];
  /** Increments of customers that never had an invoice: their currency is not known yet. */
  incrementsWithoutCurrency: number;
  oldestAt: string | null;
  oldestSeconds: number | null;
  /** Held past the customer's billing period plus the grace. */
  overdue: { customers: number; increments: number };
  /** Where the held usage is seen: the billing page of the tenant holding the oldest (overdue first). */
  link: string | null;
}

interface CurrencyRow {
  currency: string | null;
  customers: number;
  increments: number;
  value: string;
  oldest: Date;
  overdue_customers: number;
  overdue_increments: number;
  first_tenant: string | null;
}

// A billing period at its longest (the latest subscription's interval; a month without one), so
// a long month never flags usage that is merely waiting for the period to end.
const HELD_USAGE = `
  WITH "holders" AS (
    SELECT DISTINCT p."customer_id" FROM "pending_usage_increments" p WHERE p."attached_at" IS NULL
  ),
  "terms" AS (
    SELECT h."customer_id", t."slug",
           (SELECT lower(inv."currency") FROM "invoices" inv WHERE inv."customer_id" = h."customer_id" ORDER BY inv."stripe_created_at" DESC LIMIT 1) AS "currency",
           (COALESCE((SELECT CASE s."interval" WHEN 'day' THEN 1 WHEN 'week' THEN 7 WHEN 'year' THEN 366 ELSE 31 END
                      FROM "subscriptions" s WHERE s."customer_id" = h."customer_id" ORDER BY s."created_at" DESC LIMIT 1), 31) * interval '1 day')
             + $1 * interval '1 hour' AS "allowed"
    FROM "holders" h JOIN "customers" c ON c."id" = h."customer_id" JOIN "tenants" t ON t."id" = c."tenant_id"
  ),
  "per_customer" AS (
    SELECT t."customer_id", t."slug", t."currency", count(*)::int AS "increments", sum(p."quantity"::bigint * p."unit_amount") AS "value",
           min(p."created_at") AS "oldest", count(*) FILTER (WHERE p."created_at" < now() - t."allowed")::int AS "overdue",
           min(p."created_at") FILTER (WHERE p."created_at" < now() - t."allowed") AS "oldest_overdue"
    FROM "pending_usage_increments" p JOIN "terms" t ON t."customer_id" = p."customer_id"
    WHERE p."attached_at" IS NULL
    GROUP BY t."customer_id", t."slug", t."currency"
  )
  SELECT c."currency", count(*)::int AS "customers", sum(c."increments")::int AS "increments", sum(c."value")::text AS "value",
         min(c."oldest") AS "oldest", (count(*) FILTER (WHERE c."overdue" > 0))::int AS "overdue_customers", sum(c."overdue")::int AS "overdue_increments",
         (SELECT f."slug" FROM "per_customer" f ORDER BY f."oldest_overdue" ASC NULLS LAST, f."oldest" ASC LIMIT 1) AS "first_tenant"
  FROM "per_customer" c GROUP BY c."currency"`;

export async function summarizeHeldUsage(): Promise<HeldUsage> {
  const rows = await sql().query<CurrencyRow>(HELD_USAGE, [HELD_USAGE_GRACE_HOURS]);
  const oldest = rows.reduce<Date | null>((min, row) => (!min || new Date(row.oldest) < min ? new Date(row.oldest) : min), null);
  const sum = (pick: (row: CurrencyRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const firstTenant = rows[0]?.first_tenant ?? null;
  return {
    customers: sum((row) => row.customers),
    increments: sum((row) => row.increments),
    amounts: rows
      .filter((row): row is CurrencyRow & { currency: string } => row.currency !== null)
      .map((row) => ({ currency: row.currency, amount: Number(row.value) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    incrementsWithoutCurrency: sum((row) => (row.currency === null ? row.increments : 0)),
    oldestAt: oldest?.toISOString() ?? null,
    oldestSeconds: oldest ? Math.floor((Date.now() - oldest.getTime()) / 1000) : null,
    overdue: { customers: sum((row) => row.overdue_customers), increments: sum((row) => row.overdue_increments) },
    link: firstTenant ? `/billing?tenant=${encodeURIComponent(firstTenant)}` : null,
  };
}
