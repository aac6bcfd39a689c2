// Every apply of a tenant's invoices adds to the same few report rows: the tenant's day, and the
// all-tenants totals' day. Two applies in flight at once must not queue on those rows (a month-end
// run applies a whole tenant at once, and every tenant shares the all-tenants rows), and the
// reports must still read every apply's amounts, exactly once.
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { applyRollupDelta, contributionsOf } from "@/lib/reports/invoice-rollups";
import { getRevenueReport } from "@/lib/reports/queries";
import { ALL_TENANTS } from "@/lib/reports/report-names";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
let tenantId: string;
let customerId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenant = await database.prisma.tenant.create({ data: { slug: "rollup-contention", name: "Rollup contention" } });
  const customer = await database.prisma.customer.create({ data: { tenantId: tenant.id, stripeCustomerId: "cus_rollup_contention", name: "Rollup contention" } });
  tenantId = tenant.id;
  customerId = customer.id;
});

afterAll(() => database?.drop());

/** Until the apply settles, or a backend of this database waits on a lock (then: the apply queued). */
async function settledOrQueued(apply: Promise<unknown>, watcher: Client): Promise<"settled" | "queued"> {
  let settled = false;
  void apply.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) return "settled";
    const waiting = await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (waiting.rowCount) return "queued";
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("two applies of one tenant's invoices in flight at once", () => {
  it("do not queue on the tenant's report rows, and the report sums both", async () => {
    const created = Math.floor(Date.now() / 1000);
    const createdAt = new Date(created * 1000);
    // Another apply of the same tenant and day, mid-transaction: its report rows are written, not committed.
    let release!: () => void;
    let written!: () => void;
    const rowsWritten = new Promise<void>((resolve) => (written = resolve));
    const other = database.prisma.$transaction(async (tx) => {
      await applyRollupDelta(
        tx,
        contributionsOf({
          tenantId, customerId, status: "open", currency: "usd", total: 700, amountPaid: 0, amountRemaining: 700,
          stripeCreatedAt: createdAt, paidAt: null, dueDate: null, paymentFailed: false, refunded: 0, credited: 0, disputeLost: 0,
        }),
      );
      written();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await rowsWritten;
    const watcher = new Client({ connectionString: database.url });
    await watcher.connect();

    const apply = applyStripeInvoice(
      {
        object: "invoice", id: "in_rollup_contention", customer: "cus_rollup_contention", status: "open", currency: "usd",
        subtotal: 4_900, total: 4_900, amount_due: 4_900, amount_paid: 0, amount_remaining: 4_900,
        period_start: created - 86_400, period_end: created, created,
      },
      { sourceId: "evt_rollup_contention", eventType: "invoice.finalized", created: createdAt },
    );
    const outcome = await settledOrQueued(apply, watcher);
    release();
    await other;
    await watcher.end();
    expect((await apply).outcome).toBe("applied");
    expect(outcome).toBe("settled");

    const day = createdAt.toISOString().slice(0, 10);
    for (const scope of [tenantId, ALL_TENANTS]) {
      const report = await getRevenueReport(scope, { by: "day", from: day, to: day, currency: "usd" });
      expect(report.totals).toMatchObject({ open: 5_600, openCount: 2 });
    }
  }, 60_000);
});
