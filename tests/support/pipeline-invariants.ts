// Invariants every pipeline test checks: each accepted Stripe event is accounted for exactly
// once — applied (one audit event names it) or recorded as older than the stored state.
import { expect } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { rollupRowsSql } from "@/lib/reports/invoice-rollups";
import { rebuildInvoiceRollups } from "@/lib/reports/rebuild-rollups";
import { isHandledStripeEventType } from "@/lib/webhooks/handled-event-types";

export async function expectEventsAccountedFor(prisma: PrismaClient, eventIds: string[]): Promise<void> {
  const inbox = await prisma.webhookInbox.findMany({ where: { eventId: { in: eventIds } } });
  expect(inbox.map((row) => row.eventId).sort()).toEqual([...new Set(eventIds)].sort());
  for (const row of inbox) {
    if (!isHandledStripeEventType(row.type)) {
      expect(row.status).toBe("ignored");
      continue;
    }
    expect({ event: row.eventId, status: row.status }).toEqual({ event: row.eventId, status: "processed" });
    const audits = await prisma.auditEvent.count({ where: { sourceEventId: row.eventId, entityType: { in: ["invoice", "customer", "subscription"] } } });
    if (row.lastError?.startsWith("Older than the stored state")) expect(audits).toBe(0);
    else expect({ event: row.eventId, audits }).toEqual({ event: row.eventId, audits: 1 });
  }
}

/** Stripe's copy of an invoice, as the simulator holds it. */
interface StripeInvoiceTruth {
  status: string | null;
  amount_paid: number;
  amount_remaining: number;
}

/** Every invoice is stored as Stripe has it: status, amount paid and amount remaining. */
export async function expectInvoicesMatchStripe(prisma: PrismaClient, invoiceIds: string[], stripeCopy: (id: string) => StripeInvoiceTruth | undefined): Promise<void> {
  for (const id of invoiceIds) {
    const truth = stripeCopy(id)!;
    const stored = await prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: id } });
    expect({ id, status: stored.status, paid: Number(stored.amountPaid), remaining: Number(stored.amountRemaining) }).toEqual({
      id,
      status: truth.status,
      paid: truth.amount_paid,
      remaining: truth.amount_remaining,
    });
  }
}

/** The maintained report rollups equal a rebuild from the invoices and what went back from them. */
export async function expectRollupsMatchRebuild(prisma: PrismaClient): Promise<void> {
  // As the reports read them: summed over shards (applies in flight at once write different ones).
  const read = () =>
    prisma.$queryRawUnsafe<unknown[]>(
      `SELECT tenant_id::text, day::text, currency, bucket, invoice_count::text, total::text, amount_paid::text, refunded::text, credited::text, dispute_lost::text
       FROM (${rollupRowsSql("report_revenue_daily")}) r WHERE invoice_count <> 0 ORDER BY 1, 2, 3, 4`,
    );
  const customers = () =>
    prisma.$queryRawUnsafe<unknown[]>(
      `SELECT tenant_id::text, month::text, customer_id::text, paid_count::text, paid_total::text
       FROM (${rollupRowsSql("report_customer_monthly")}) r WHERE paid_count <> 0 ORDER BY 1, 2, 3`,
    );
  const [maintained, maintainedCustomers] = [await read(), await customers()];
  await rebuildInvoiceRollups({ backfillFacts: false });
  expect(await read()).toEqual(maintained);
  expect(await customers()).toEqual(maintainedCustomers);
}
