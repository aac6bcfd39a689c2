// The migration that widens money columns to BIGINT, run on a database that already holds rows:
// every stored amount survives unchanged (up to the old 32-bit limit), and afterwards an amount
// beyond 32 bits is stored and read back exactly.
import { describe, expect, it } from "vitest";
import type { SqlConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { emptyDatabasesPerTest, migrateToJustBefore } from "../support/empty-databases";

const MIGRATION = "20261130010000_bigint_money";
const INT32_MAX = 2_147_483_647;

const MONEY_COLUMNS: Array<[table: string, column: string]> = [
  ["subscriptions", "amount"],
  ["invoices", "subtotal"],
  ["invoices", "total"],
  ["invoices", "amount_due"],
  ["invoices", "amount_paid"],
  ["invoices", "amount_remaining"],
  ["invoice_line_items", "unit_amount"],
  ["invoice_line_items", "amount"],
  ["usage_lines", "unit_amount"],
];

const emptyConnection = emptyDatabasesPerTest();

async function columnTypes(connection: SqlConnection): Promise<string[]> {
  const types: string[] = [];
  for (const [table, column] of MONEY_COLUMNS) {
    const rows = await connection.query<{ data_type: string }>(
      `SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
      [table, column],
    );
    types.push(`${table}.${column}: ${rows[0]?.data_type}`);
  }
  return types;
}

/** Rows as an older release stored them: amounts up to the 32-bit limit. */
async function seedRowsBeforeMigration(connection: SqlConnection) {
  await connection.exec(`
    INSERT INTO tenants (id, slug, name) VALUES ('10000000-0000-4000-8000-000000000001', 'before', 'Before');
    INSERT INTO customers (id, tenant_id, stripe_customer_id) VALUES ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'cus_before');
    INSERT INTO subscriptions (tenant_id, customer_id, stripe_subscription_id, status, currency, amount, interval)
      VALUES ('10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'sub_before', 'active', 'usd', ${INT32_MAX}, 'month');
    INSERT INTO invoices (id, tenant_id, customer_id, stripe_invoice_id, status, currency, subtotal, total, amount_due, amount_paid, amount_remaining, period_start, period_end, stripe_created_at)
      VALUES ('30000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001', 'in_before', 'open', 'usd',
              ${INT32_MAX}, ${INT32_MAX - 1}, 1750, 250, 1500, now(), now(), now());
    INSERT INTO invoice_line_items (invoice_id, tenant_id, stripe_line_item_id, description, quantity, unit_amount, amount, currency)
      VALUES ('30000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'il_before', 'Seats', 3, ${INT32_MAX}, -1999, 'usd');
    INSERT INTO usage_lines (tenant_id, invoice_id, line_key, description, unit_amount, currency)
      VALUES ('10000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001', 'api-calls', 'API calls', 12345, 'usd');
  `);
}

async function storedAmounts(connection: SqlConnection) {
  const [row] = await connection.query<Record<string, string>>(`
    SELECT s.amount::text AS subscription, i.subtotal::text AS subtotal, i.total::text AS total, i.amount_due::text AS due,
           i.amount_paid::text AS paid, i.amount_remaining::text AS remaining, l.unit_amount::text AS line_unit, l.amount::text AS line_amount,
           u.unit_amount::text AS usage_unit
    FROM subscriptions s, invoices i, invoice_line_items l, usage_lines u`);
  return row;
}

describe(`migration ${MIGRATION}`, () => {
  it("widens every money column to BIGINT and keeps the rows already stored", async () => {
    const connection = await emptyConnection();
    const migrations = await migrateToJustBefore(connection, MIGRATION);
    expect(await columnTypes(connection)).toEqual(MONEY_COLUMNS.map(([t, c]) => `${t}.${c}: integer`));
    await seedRowsBeforeMigration(connection);
    const before = await storedAmounts(connection);
    expect(before).toEqual({
      subscription: String(INT32_MAX), subtotal: String(INT32_MAX), total: String(INT32_MAX - 1), due: "1750", paid: "250", remaining: "1500",
      line_unit: String(INT32_MAX), line_amount: "-1999", usage_unit: "12345",
    });

    const result = await migrate(connection, migrations);
    expect(result.applied).toContain(MIGRATION);
    expect(await columnTypes(connection)).toEqual(MONEY_COLUMNS.map(([t, c]) => `${t}.${c}: bigint`));
    expect(await storedAmounts(connection)).toEqual(before);

    // Rp 500,000,000 (50,000,000,000 minor units) no longer overflows; the CHECK constraints still hold.
    await connection.exec(`UPDATE invoices SET subtotal = 50000000000, total = 50000000000, amount_due = 50000000000, amount_remaining = 50000000000`);
    expect(await storedAmounts(connection)).toMatchObject({ total: "50000000000", remaining: "50000000000" });
    await expect(connection.exec(`UPDATE invoices SET amount_due = -50000000000`)).rejects.toThrow(/invoices_amounts_nonnegative/);
  });
});
