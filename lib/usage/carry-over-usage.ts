// Usage that was recorded on a draft but had not reached Stripe when the invoice closed (Stripe
// finalized it between two syncs) is not lost: once per closed invoice, each line's difference
// between its increments and what Stripe acknowledged is taken off the closed line (an adjusting
// increment, so its local total matches Stripe's) and held for the customer's next draft.
// An invoice with a line whose Stripe write has an unknown outcome (pending_op) is not closed out
// until that is settled: closing it out early would leave that line's difference behind for good.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/** Returns how many units were carried (either way). */
export async function carryOverUnsyncedUsage(tenantId?: string): Promise<number> {
  const tenantFilter = tenantId ? Prisma.sql`AND inv.tenant_id = ${tenantId}::uuid` : Prisma.empty;
  return db().$transaction(async (tx) => {
    const closed = await tx.$queryRaw<{ id: string; tenantId: string }[]>`
      SELECT inv.id, inv.tenant_id AS "tenantId" FROM invoices inv
      WHERE inv.status <> 'draft' ${tenantFilter}
        AND EXISTS (SELECT 1 FROM usage_lines l WHERE l.invoice_id = inv.id)
        AND NOT EXISTS (SELECT 1 FROM usage_invoice_closures c WHERE c.invoice_id = inv.id)
        AND NOT EXISTS (SELECT 1 FROM usage_lines l WHERE l.invoice_id = inv.id AND l.pending_op IS NOT NULL)
      ORDER BY inv.id LIMIT 500
      FOR UPDATE OF inv`;
    if (closed.length === 0) return 0;
    const ids = closed.map((c) => c.id);
    const carried = await tx.$queryRaw<{ invoiceId: string; quantity: bigint }[]>`
      WITH unsynced AS (
        SELECT l.id AS line_id, l.tenant_id, l.invoice_id, inv.customer_id, l.line_key, l.description, l.unit_amount,
               SUM(i.quantity) - l.synced_quantity AS excess, MAX(i.id) AS last_id
        FROM usage_lines l JOIN invoices inv ON inv.id = l.invoice_id JOIN usage_increments i ON i.usage_line_id = l.id
        WHERE l.invoice_id = ANY(${ids}::uuid[])
        GROUP BY l.id, inv.customer_id
        HAVING SUM(i.quantity) <> l.synced_quantity
      ),
      taken_off AS (
        INSERT INTO usage_increments (tenant_id, usage_line_id, quantity, idempotency_key, source, actor, reason)
        SELECT tenant_id, line_id, -excess, 'carried-out:' || line_id || ':' || last_id, 'carry_over', 'system:billing-sync',
               'not in Stripe when the invoice closed: carried to the next invoice'
        FROM unsynced
        ON CONFLICT DO NOTHING
        RETURNING usage_line_id
      ),
      held AS (
        INSERT INTO pending_usage_increments (tenant_id, customer_id, line_key, description, unit_amount, quantity, idempotency_key, source, actor, reason)
        SELECT u.tenant_id, u.customer_id, u.line_key, u.description, u.unit_amount, u.excess, 'carried-in:' || u.line_id || ':' || u.last_id,
               'carry_over', 'system:billing-sync', 'carried from a closed invoice'
        FROM unsynced u WHERE u.line_id IN (SELECT usage_line_id FROM taken_off)
        ON CONFLICT DO NOTHING
        RETURNING quantity
      )
      SELECT u.invoice_id AS "invoiceId", SUM(ABS(u.excess)) AS quantity FROM unsynced u WHERE u.line_id IN (SELECT usage_line_id FROM taken_off) GROUP BY u.invoice_id`;
    const byInvoice = new Map(carried.map((c) => [c.invoiceId, Number(c.quantity)]));
    await tx.usageInvoiceClosure.createMany({
      data: closed.map((c) => ({ invoiceId: c.id, tenantId: c.tenantId, carriedQuantity: byInvoice.get(c.id) ?? 0 })),
      skipDuplicates: true,
    });
    return [...byInvoice.values()].reduce((sum, q) => sum + q, 0);
  });
}
