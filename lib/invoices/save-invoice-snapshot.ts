// Writes applied Stripe invoice snapshots in one statement: each invoice upserted (its version
// bumped), its lines replaced, a failed payment recorded for the reports, the rollup delta and one
// audit event per snapshot. One round trip for any number of invoices instead of one per table
// and invoice: a batch of a hundred snapshots costs what one does in round trips, which is what
// lets a batch drain while webhooks keep the event loop busy. The caller holds every invoice's
// lock and has decided each snapshot applies.
import { auditEventsCte, type AuditEventInput } from "@/lib/audit/record-audit-event";
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

// Memoized: a batch names the same few dozen fields thousands of times.
const columnNames = new Map<string, string>();
const column = (field: string) => {
  let name = columnNames.get(field);
  if (name === undefined) columnNames.set(field, (name = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return name;
};

const snakeCase = (values: Columns) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [column(k), v]));

const LINE_COLUMNS = ["invoice_id", "tenant_id", "stripe_line_item_id", "description", "quantity", "unit_amount", "amount", "currency", "period_start", "period_end"];

/**
 * Writes the snapshots, one statement per set of columns they set (an update leaves a column the
 * snapshot does not set as it is, so snapshots that set different columns cannot share an upsert).
 * Each invoice appears once: a second snapshot of it needs a decision on the first one's write.
 */
export async function saveInvoiceSnapshots(tx: Prisma.TransactionClient, writes: InvoiceSnapshotWrite[]): Promise<void> {
  if (new Set(writes.map((write) => write.stripeInvoiceId)).size !== writes.length) {
    throw new Error("saveInvoiceSnapshots: an invoice appears twice; write its snapshots one after the other");
  }
  const bySetColumns = new Map<string, SnapshotRow[]>();
  for (const write of writes) {
    const set = snakeCase(write.columns);
    const signature = Object.keys(set).sort().join(",");
    bySetColumns.set(signature, [...(bySetColumns.get(signature) ?? []), { write, set }]);
  }
  for (const group of bySetColumns.values()) await saveSnapshotsSettingSameColumns(tx, group);
}

/** A write and the columns it sets, by column name. */
interface SnapshotRow {
  write: InvoiceSnapshotWrite;
  set: Record<string, unknown>;
}

async function saveSnapshotsSettingSameColumns(tx: Prisma.TransactionClient, rows: SnapshotRow[]): Promise<void> {
  const params: string[] = [];
  const param = (value: string) => `$${params.push(value)}`;
  const writes = rows.map((row) => row.write);
  const invoices = rows.map(({ write, set }) => ({ ...set, id: write.invoiceId, tenant_id: write.tenantId, customer_id: write.customerId, stripe_invoice_id: write.stripeInvoiceId }));
  const updated = Object.keys(rows[0]!.set);
  const inserted = Object.keys(invoices[0]!);
  const lines = writes.flatMap((write) => write.lines.map((line) => ({ ...snakeCase(line), invoice_id: write.invoiceId, tenant_id: write.tenantId })));
  const failedPayments = writes.flatMap((write) =>
    write.paymentFailedAt ? [{ invoice_id: write.invoiceId, tenant_id: write.tenantId, payment_failed_at: write.paymentFailedAt }] : [],
  );
  const ctes = [
    `incoming AS (SELECT * FROM jsonb_populate_recordset(NULL::invoices, ${param(JSON.stringify(invoices))}::jsonb))`,
    `saved AS (INSERT INTO invoices (${inserted.join(", ")}, updated_at) SELECT ${inserted.join(", ")}, now() FROM incoming ` +
      `ON CONFLICT (stripe_invoice_id) DO UPDATE SET ${updated.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, version = invoices.version + 1, updated_at = now() RETURNING id, version)`,
    `incoming_lines AS (SELECT * FROM jsonb_populate_recordset(NULL::invoice_line_items, ${param(JSON.stringify(lines))}::jsonb))`,
    // Lines a snapshot no longer has go; the others are updated in place (a line id is unique,
    // so a delete and an insert of the same line cannot share one statement).
    `dropped_lines AS (DELETE FROM invoice_line_items l WHERE l.invoice_id IN (SELECT id FROM incoming) ` +
      `AND (l.stripe_line_item_id IS NULL OR NOT EXISTS (SELECT 1 FROM incoming_lines n WHERE n.invoice_id = l.invoice_id AND n.stripe_line_item_id = l.stripe_line_item_id)))`,
    `saved_lines AS (INSERT INTO invoice_line_items (${LINE_COLUMNS.join(", ")}) SELECT ${LINE_COLUMNS.join(", ")} FROM incoming_lines ` +
      `ON CONFLICT (stripe_line_item_id) DO UPDATE SET ${LINE_COLUMNS.slice(3).map((c) => `${c} = EXCLUDED.${c}`).join(", ")} ` +
      `WHERE invoice_line_items.invoice_id = EXCLUDED.invoice_id RETURNING invoice_id)`,
  ];
  if (failedPayments.length) {
    ctes.push(
      `failed_payment AS (INSERT INTO report_invoice_facts (invoice_id, tenant_id, payment_failed_at) ` +
        `SELECT invoice_id, tenant_id, payment_failed_at FROM jsonb_populate_recordset(NULL::report_invoice_facts, ${param(JSON.stringify(failedPayments))}::jsonb) ` +
        `ON CONFLICT (invoice_id) DO UPDATE SET payment_failed_at = LEAST(report_invoice_facts.payment_failed_at, EXCLUDED.payment_failed_at))`,
    );
  }
  ctes.push(
    ...rollupDeltaCtes(writes.flatMap((write) => write.delta), param),
    auditEventsCte(writes.map((write) => write.audit), param, { cte: "saved", columns: ["version"] }),
  );
  const saved = await tx.$queryRawUnsafe<{ invoice_id: string; lines: number }[]>(
    `WITH ${ctes.join(",\n")}\nSELECT i.id::text AS invoice_id, (SELECT count(*)::int FROM saved_lines s WHERE s.invoice_id = i.id) AS lines FROM incoming i`,
    ...params,
  );
  const savedLines = new Map(saved.map((row) => [row.invoice_id, row.lines]));
  // A line id already stored on another invoice is refused, as a plain insert would be.
  for (const write of writes) {
    const linesSaved = savedLines.get(write.invoiceId) ?? 0;
    if (linesSaved !== write.lines.length) {
      throw new Error(`Invoice ${write.stripeInvoiceId}: ${write.lines.length - linesSaved} of its line items are stored on another invoice`);
    }
  }
}
