// Which draft invoices the next sync must touch, and everything one push needs, read in one go.
// A line's target quantity is always the sum of ALL its increments (never "since last time"), so
// an increment that commits late is still counted by the next sync.
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { toMinorUnits } from "@/lib/money/minor-units";

export async function listInvoicesToSync(tenantId?: string, limit = 1000): Promise<string[]> {
  const tenantFilter = tenantId ? Prisma.sql`AND inv.tenant_id = ${tenantId}::uuid` : Prisma.empty;
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT inv.id
    FROM invoices inv
    WHERE inv.status = 'draft' AND inv.deleted_at IS NULL ${tenantFilter}
      AND (
        EXISTS (
          SELECT 1 FROM usage_lines l
          LEFT JOIN LATERAL (SELECT COALESCE(SUM(i.quantity), 0) AS compiled FROM usage_increments i WHERE i.usage_line_id = l.id) c ON true
          WHERE l.invoice_id = inv.id
            AND (l.pending_op IS NOT NULL
                 OR (l.stripe_item_id IS NOT NULL AND l.stripe_line_id IS NULL)
                 OR l.synced_quantity <> GREATEST(c.compiled, 0)
                 OR (l.stripe_item_id IS NULL AND c.compiled > 0)))
        OR EXISTS (
          SELECT 1 FROM invoice_sync_states s
          WHERE s.invoice_id = inv.id
            AND (s.local_change_pending
                 OR (s.held AND s.stripe_auto_advance IS DISTINCT FROM false)
                 OR (NOT s.held AND s.stripe_auto_advance = false)))
      )
    ORDER BY inv.id
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

export interface LineToPush {
  id: string;
  description: string;
  unitAmount: number;
  currency: string;
  stripeItemId: string | null;
  stripeLineId: string | null;
  syncedQuantity: number;
  pushSeq: number;
  pendingOp: "create" | "update" | "delete" | null;
  pendingQuantity: number | null;
  /** Sum of every increment, floored at zero (Stripe quantities are non-negative). */
  target: number;
}

export interface InvoiceToPush {
  id: string;
  tenantId: string;
  stripeInvoiceId: string;
  stripeCustomerId: string;
  status: string;
  lines: LineToPush[];
}

export async function loadInvoiceToPush(invoiceId: string): Promise<InvoiceToPush | null> {
  const invoice = await db().invoice.findUnique({
    where: { id: invoiceId },
    select: { id: true, tenantId: true, stripeInvoiceId: true, status: true, customer: { select: { stripeCustomerId: true } } },
  });
  if (!invoice) return null;
  const lines = await db().$queryRaw<(Omit<LineToPush, "target" | "unitAmount"> & { unitAmount: bigint; compiled: bigint })[]>`
    SELECT l.id, l.description, l.unit_amount AS "unitAmount", l.currency, l.stripe_item_id AS "stripeItemId",
           l.stripe_line_id AS "stripeLineId", l.synced_quantity AS "syncedQuantity", l.push_seq AS "pushSeq",
           l.pending_op AS "pendingOp", l.pending_quantity AS "pendingQuantity",
           COALESCE((SELECT SUM(i.quantity) FROM usage_increments i WHERE i.usage_line_id = l.id), 0) AS compiled
    FROM usage_lines l WHERE l.invoice_id = ${invoiceId}::uuid ORDER BY l.created_at, l.id`;
  return {
    id: invoice.id,
    tenantId: invoice.tenantId,
    stripeInvoiceId: invoice.stripeInvoiceId,
    stripeCustomerId: invoice.customer.stripeCustomerId,
    status: invoice.status,
    lines: lines.map(({ compiled, ...line }) => ({ ...line, unitAmount: toMinorUnits(line.unitAmount), target: Math.max(0, Number(compiled)) })),
  };
}
