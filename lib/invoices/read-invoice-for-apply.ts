// Everything an invoice apply decides on, read in one statement once it holds the invoice's lock:
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

/** Call inside the transaction, after taking the invoice's lock (the reads must see its last writer's commit). */
export async function readInvoiceForApply(
  tx: Prisma.TransactionClient,
  stripeInvoiceId: string,
  stripeCustomerId: string,
  sourceEventId: string,
): Promise<InvoiceApplyContext> {
  const rows = await tx.$queryRaw<ContextRow[]>`
    SELECT c.id::text AS found_customer_id, c.tenant_id::text AS found_customer_tenant_id,
           i.id::text AS id, i.amount_due, i.last_event_created_at, i.deleted_at, ${rollupStateColumns},
           EXISTS (SELECT 1 FROM audit_events a WHERE a.entity_type = 'invoice' AND a.entity_id = i.id::text AND a.source_event_id = ${sourceEventId}) AS already_applied,
           EXISTS (SELECT 1 FROM audit_events a
                   WHERE a.entity_type = ${UNSTORED_INVOICE_ENTITY} AND a.entity_id = ${stripeInvoiceId} AND a.event_type = 'invoice.deleted') AS deleted_before_stored,
           coalesce(s.local_change_pending, false) AS local_change_pending
    FROM (SELECT 1) AS one
    LEFT JOIN customers c ON c.stripe_customer_id = ${stripeCustomerId}
    LEFT JOIN invoices i ON i.stripe_invoice_id = ${stripeInvoiceId}
    LEFT JOIN report_invoice_facts f ON f.invoice_id = i.id
    LEFT JOIN invoice_sync_states s ON s.invoice_id = i.id`;
  const row = rows[0];
  if (!row) throw new Error("readInvoiceForApply: the context query returned no row");
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
