// Everything an invoice apply decides on, read in one statement once it holds the invoice's lock
// (or, for a batch applied together, every invoice's in one statement):
// the customer, the stored invoice with its rollup state, and the bookkeeping that makes the apply
// idempotent (this event's audit event already written, a deletion seen before the invoice was
// stored) and conflict-aware (a support change not yet pushed to Stripe).
import { Prisma } from "@/lib/db/generated/client";
import type { InvoiceStatus } from "@/lib/db/generated/enums";
import { toMinorUnits } from "@/lib/money/minor-units";
import { UNSTORED_INVOICE_ENTITY } from "@/lib/invoices/apply-stripe-invoice-deletion";
import { rollupStateColumns, rollupStateOf, type InvoiceRollupState, type RollupStateRow } from "@/lib/reports/invoice-rollups";

export interface StoredInvoiceForApply {
  id: string;
  tenantId: string;
  status: InvoiceStatus;
  total: number;
  amountPaid: number;
  amountDue: number;
  lastEventCreatedAt: Date | null;
  deletedAt: Date | null;
  /** What it contributes to the report rollups now. */
  rollup: InvoiceRollupState;
}

export interface InvoiceApplyContext {
  customer: { id: string; tenantId: string } | null;
  stored: StoredInvoiceForApply | null;
  /** This event already changed the stored invoice (a step re-run after a crash, a redelivery). */
  alreadyApplied: boolean;
  /** Stripe deleted the invoice before it was ever stored here. */
  deletedBeforeStored: boolean;
  /** A support change to the stored invoice is not yet in Stripe. */
  localChangePending: boolean;
}

interface ContextRow extends Partial<RollupStateRow> {
  found_customer_id: string | null;
  found_customer_tenant_id: string | null;
  id: string | null;
  amount_due: bigint | null;
  last_event_created_at: Date | null;
  deleted_at: Date | null;
  already_applied: boolean;
  deleted_before_stored: boolean;
  local_change_pending: boolean;
}

export interface InvoiceApplyKey {
  stripeInvoiceId: string;
  stripeCustomerId: string;
  sourceEventId: string;
}

/** Call inside the transaction, after taking the invoice's lock (the reads must see its last writer's commit). */
export async function readInvoiceForApply(
  tx: Prisma.TransactionClient,
  stripeInvoiceId: string,
  stripeCustomerId: string,
  sourceEventId: string,
): Promise<InvoiceApplyContext> {
  const [context] = await readInvoicesForApply(tx, [{ stripeInvoiceId, stripeCustomerId, sourceEventId }]);
  return context!;
}

/** The contexts of several applies in one statement, in order; the caller holds every invoice's lock. */
export async function readInvoicesForApply(tx: Prisma.TransactionClient, keys: InvoiceApplyKey[]): Promise<InvoiceApplyContext[]> {
  if (keys.length === 0) return [];
  const rows = await tx.$queryRaw<(ContextRow & { ord: bigint })[]>(invoiceApplyContextsQuery(keys));
  if (rows.length !== keys.length) throw new Error(`readInvoicesForApply: ${rows.length} context rows for ${keys.length} invoices`);
  return rows.map(contextOf);
}

/**
 * The statement readInvoicesForApply runs. Every lookup is a LATERAL subquery the planner cannot
 * pull up (OFFSET 0, LIMIT 1): each key is one index probe per table. Left to itself, at a few
 * thousand rows the planner hashes the whole invoices table and every invoice audit event for a
 * batch of a hundred keys, as its cost model prices pages as disk reads; in memory the probes cost
 * a tenth of that, and the scan grows with the tables.
 */
export function invoiceApplyContextsQuery(keys: InvoiceApplyKey[]): Prisma.Sql {
  return Prisma.sql`
    SELECT k.ord, c.id::text AS found_customer_id, c.tenant_id::text AS found_customer_tenant_id,
           i.id::text AS id, i.amount_due, i.last_event_created_at, i.deleted_at, ${rollupStateColumns},
           applied.found IS NOT NULL AS already_applied,
           deleted.found IS NOT NULL AS deleted_before_stored,
           coalesce(s.local_change_pending, false) AS local_change_pending
    FROM unnest(${keys.map((key) => key.stripeInvoiceId)}::text[], ${keys.map((key) => key.stripeCustomerId)}::text[], ${keys.map((key) => key.sourceEventId)}::text[])
         WITH ORDINALITY AS k(stripe_invoice_id, stripe_customer_id, source_event_id, ord)
    LEFT JOIN LATERAL (SELECT id, tenant_id FROM customers WHERE stripe_customer_id = k.stripe_customer_id OFFSET 0) c ON true
    LEFT JOIN LATERAL (SELECT * FROM invoices WHERE stripe_invoice_id = k.stripe_invoice_id OFFSET 0) i ON true
    LEFT JOIN LATERAL (SELECT * FROM report_invoice_facts WHERE invoice_id = i.id OFFSET 0) f ON true
    LEFT JOIN LATERAL (SELECT local_change_pending FROM invoice_sync_states WHERE invoice_id = i.id OFFSET 0) s ON true
    LEFT JOIN LATERAL (SELECT 1 AS found FROM audit_events a
                       WHERE a.entity_type = 'invoice' AND a.entity_id = i.id::text AND a.source_event_id = k.source_event_id LIMIT 1) applied ON true
    LEFT JOIN LATERAL (SELECT 1 AS found FROM audit_events a
                       WHERE a.entity_type = ${UNSTORED_INVOICE_ENTITY} AND a.entity_id = k.stripe_invoice_id AND a.event_type = 'invoice.deleted' LIMIT 1) deleted ON true
    ORDER BY k.ord`;
}

function contextOf(row: ContextRow): InvoiceApplyContext {
  const rollup = row.id ? rollupStateOf(row as RollupStateRow) : null;
  return {
    customer: row.found_customer_id && row.found_customer_tenant_id ? { id: row.found_customer_id, tenantId: row.found_customer_tenant_id } : null,
    stored:
      row.id && rollup
        ? {
            id: row.id,
            tenantId: rollup.tenantId,
            status: rollup.status,
            total: rollup.total,
            amountPaid: rollup.amountPaid,
            amountDue: toMinorUnits(row.amount_due ?? 0),
            lastEventCreatedAt: row.last_event_created_at,
            deletedAt: row.deleted_at,
            rollup,
          }
        : null,
    alreadyApplied: row.already_applied,
    deletedBeforeStored: row.deleted_before_stored,
    localChangePending: row.local_change_pending,
  };
}
