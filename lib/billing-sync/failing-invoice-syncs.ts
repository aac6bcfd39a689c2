// Drafts whose compiled sync keeps failing: after SYNC_FAILURE_ALERT_THRESHOLD failed pushes in a
// row (invoice_sync_states.consecutive_sync_failures) a retry every tick is no longer expected to
// fix it — support is alerted (lib/alerts/failing-sync-alerts.ts) and billing "needs attention"
// until a push succeeds, which resets the count.
import { sql } from "@/lib/db/client";

/** Failed pushes in a row after which an invoice's sync is reported as failing. */
export const SYNC_FAILURE_ALERT_THRESHOLD = 3;

export interface FailingInvoiceSyncs {
  /** Drafts (not deleted) at or past the threshold. */
  invoices: number;
  threshold: number;
}

export async function summarizeFailingInvoiceSyncs(): Promise<FailingInvoiceSyncs> {
  const [row] = await sql().query<{ invoices: number }>(
    `SELECT count(*)::int AS "invoices"
     FROM "invoice_sync_states" ss JOIN "invoices" inv ON inv."id" = ss."invoice_id" AND inv."status" = 'draft' AND inv."deleted_at" IS NULL
     WHERE ss."consecutive_sync_failures" >= $1`,
    [SYNC_FAILURE_ALERT_THRESHOLD],
  );
  return { invoices: row?.invoices ?? 0, threshold: SYNC_FAILURE_ALERT_THRESHOLD };
}
