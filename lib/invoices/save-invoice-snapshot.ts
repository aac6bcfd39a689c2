// Writes an applied Stripe invoice snapshot in one statement: the invoice upserted (its version
// bumped), its lines replaced, a failed payment recorded for the reports, the rollup delta and the
// audit event. One round trip instead of one per table; the caller holds the invoice's lock and
// has decided the snapshot applies.
import { auditEventCte, type AuditEventInput } from "@/lib/audit/record-audit-event";
import type { Prisma } from "@/lib/db/generated/client";
import { rollupDeltaCtes, type Contribution } from "@/lib/reports/invoice-rollups";

/** Column values keyed by their camelCase field name; undefined leaves a stored column as it is. */
type Columns = Record<string, string | number | boolean | Date | null | undefined>;

export interface InvoiceSnapshotWrite {
  /** The stored invoice's id, or a new one. */
  invoiceId: string;
  tenantId: string;
  customerId: string;
  stripeInvoiceId: string;
  /** Every column the snapshot sets (an update leaves the others alone). */
  columns: Columns;
  lines: Columns[];
  /** Set when the event is a failed payment (kept as the earliest one). */
  paymentFailedAt: Date | null;
  delta: Contribution[];
  /** Its payload gets the invoice's new `version` added. */
  audit: AuditEventInput;
}

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const snakeCase = (values: Columns) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [column(k), v]));

const LINE_COLUMNS = ["invoice_id", "tenant_id", "stripe_line_item_id", "description", "quantity", "unit_amount", "amount", "currency", "period_start", "period_end"];

export async function saveInvoiceSnapshot(tx: Prisma.TransactionClient, write: InvoiceSnapshotWrite): Promise<void> {
  const params: string[] = [];
  const param = (value: string) => `$${params.push(value)}`;
  const invoice = snakeCase({ ...write.columns, id: write.invoiceId, tenantId: write.tenantId, customerId: write.customerId, stripeInvoiceId: write.stripeInvoiceId });
  const updated = Object.keys(snakeCase(write.columns));
  const inserted = Object.keys(invoice);
  const lines = write.lines.map((line) => ({ ...snakeCase(line), invoice_id: write.invoiceId, tenant_id: write.tenantId }));
  const ctes = [
    `saved AS (INSERT INTO invoices (${inserted.join(", ")}, updated_at) SELECT ${inserted.join(", ")}, now() FROM jsonb_populate_record(NULL::invoices, ${param(JSON.stringify(invoice))}::jsonb) ` +
      `ON CONFLICT (stripe_invoice_id) DO UPDATE SET ${updated.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, version = invoices.version + 1, updated_at = now() RETURNING version)`,
    `incoming_lines AS (SELECT * FROM jsonb_populate_recordset(NULL::invoice_line_items, ${param(JSON.stringify(lines))}::jsonb))`,
    // Lines the snapshot no longer has go; the others are updated in place (a line id is unique,
    // so a delete and an insert of the same line cannot share one statement).
    `dropped_lines AS (DELETE FROM invoice_line_items l WHERE l.invoice_id = ${param(write.invoiceId)}::uuid ` +
      `AND (l.stripe_line_item_id IS NULL OR l.stripe_line_item_id NOT IN (SELECT stripe_line_item_id FROM incoming_lines WHERE stripe_line_item_id IS NOT NULL)))`,
    `saved_lines AS (INSERT INTO invoice_line_items (${LINE_COLUMNS.join(", ")}) SELECT ${LINE_COLUMNS.join(", ")} FROM incoming_lines ` +
      `ON CONFLICT (stripe_line_item_id) DO UPDATE SET ${LINE_COLUMNS.slice(3).map((c) => `${c} = EXCLUDED.${c}`).join(", ")} ` +
      `WHERE invoice_line_items.invoice_id = EXCLUDED.invoice_id RETURNING 1)`,
  ];
  if (write.paymentFailedAt) {
    ctes.push(
      `failed_payment AS (INSERT INTO report_invoice_facts (invoice_id, tenant_id, payment_failed_at) ` +
        `VALUES (${param(write.invoiceId)}::uuid, ${param(write.tenantId)}::uuid, ${param(write.paymentFailedAt.toISOString())}::timestamptz) ` +
        `ON CONFLICT (invoice_id) DO UPDATE SET payment_failed_at = LEAST(report_invoice_facts.payment_failed_at, EXCLUDED.payment_failed_at))`,
    );
  }
  ctes.push(...rollupDeltaCtes(write.delta, param), auditEventCte(write.audit, param, { cte: "saved", columns: ["version"] }));
  const rows = await tx.$queryRawUnsafe<{ lines: number }[]>(
    `WITH ${ctes.join(",\n")}\nSELECT (SELECT count(*)::int FROM saved_lines) AS lines`,
    ...params,
  );
  const result = rows[0];
  // A line id already stored on another invoice is refused, as a plain insert would be.
  if (!result || result.lines !== lines.length) {
    throw new Error(`Invoice ${write.stripeInvoiceId}: ${lines.length - (result?.lines ?? 0)} of its line items are stored on another invoice`);
  }
}
