// Under a burst, an apply transaction can queue behind other writers of the same invoice (and of
// the tenant's report rows) for longer than Prisma's 5-second default. Queueing is not failure:
// the waiting writer must still apply once the lock is released.
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRANSACTION_OPTIONS } from "@/lib/db/client";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const tenant = await database.prisma.tenant.create({ data: { slug: "lock-wait", name: "Lock wait" } });
  await database.prisma.customer.create({ data: { tenantId: tenant.id, stripeCustomerId: "cus_lock_wait", name: "Lock wait" } });
});

afterAll(() => database?.drop());

describe("an apply transaction queued behind another writer", () => {
  it("applies after waiting longer than Prisma's default 5-second transaction timeout", async () => {
    const holdMs = 6_500;
    expect(TRANSACTION_OPTIONS.timeout).toBeGreaterThan(holdMs);
    // Another writer of the same invoice: it holds the invoice's advisory lock for 6.5 s.
    const other = new Client({ connectionString: database.url });
    await other.connect();
    await other.query("BEGIN");
    await other.query("SELECT pg_advisory_xact_lock(hashtext($1))", ["in_lock_wait"]);
    const released = new Promise<void>((resolve) => setTimeout(resolve, holdMs)).then(async () => {
      await other.query("COMMIT");
      await other.end();
    });

    const created = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const result = await applyStripeInvoice(
      {
        object: "invoice",
        id: "in_lock_wait",
        customer: "cus_lock_wait",
        status: "open",
        currency: "usd",
        subtotal: 4_900,
        total: 4_900,
        amount_due: 4_900,
        amount_paid: 0,
        amount_remaining: 4_900,
        period_start: created - 86_400,
        period_end: created,
        created,
      },
      { sourceId: "evt_lock_wait", eventType: "invoice.finalized", created: new Date(created * 1000) },
    );
    await released;

    expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs - 100);
    expect(result.outcome).toBe("applied");
    const invoice = await database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: "in_lock_wait" } });
    expect(invoice.status).toBe("open");
    expect(await database.prisma.auditEvent.count({ where: { entityId: invoice.id, sourceEventId: "evt_lock_wait" } })).toBe(1);
  }, 60_000);
});
