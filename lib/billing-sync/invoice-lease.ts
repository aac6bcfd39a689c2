// A short database lease per invoice, so two sync runs (two processes, or cron and on-demand at
// once) never push the same invoice concurrently. Budget and breaker are per process; the lease
// is what makes concurrent runs safe.
import { db } from "@/lib/db/client";

export interface ClaimedInvoice {
  held: boolean;
  holdSeq: number;
  stripeAutoAdvance: boolean | null;
  localChangePending: boolean;
  localVersion: number | null;
}

export async function ensureSyncState(invoiceId: string, tenantId: string): Promise<void> {
  await db().$executeRaw`INSERT INTO invoice_sync_states (invoice_id, tenant_id) VALUES (${invoiceId}::uuid, ${tenantId}::uuid) ON CONFLICT (invoice_id) DO NOTHING`;
}

export async function claimInvoice(invoiceId: string, tenantId: string, owner: string, leaseMs = 60_000): Promise<ClaimedInvoice | null> {
  await ensureSyncState(invoiceId, tenantId);
  const rows = await db().$queryRaw<ClaimedInvoice[]>`
    UPDATE invoice_sync_states
    SET lease_owner = ${owner}, lease_expires_at = now() + ${leaseMs} * interval '1 millisecond'
    WHERE invoice_id = ${invoiceId}::uuid AND (lease_owner IS NULL OR lease_expires_at < now() OR lease_owner = ${owner})
    RETURNING held, hold_seq AS "holdSeq", stripe_auto_advance AS "stripeAutoAdvance",
              local_change_pending AS "localChangePending", local_version AS "localVersion"`;
  return rows[0] ?? null;
}

/** Failed pushes in a row and since when; a successful push resets it (none then). */
export interface SyncFailureStreak {
  failures: number;
  since: Date;
}

/** Releases the lease with the push's outcome; returns the failure streak it leaves (null when the push succeeded or the lease was lost). */
export async function releaseInvoice(invoiceId: string, owner: string, outcome: { error: string | null; localVersion?: number | null }): Promise<SyncFailureStreak | null> {
  const synced = outcome.error === null;
  const rows = await db().$queryRaw<{ failures: number; since: Date | null }[]>`
    UPDATE invoice_sync_states
    SET lease_owner = NULL, lease_expires_at = NULL, last_sync_error = ${outcome.error},
        last_synced_at = CASE WHEN ${synced} THEN now() ELSE last_synced_at END,
        consecutive_sync_failures = CASE WHEN ${synced} THEN 0 ELSE consecutive_sync_failures + 1 END,
        sync_failing_since = CASE WHEN ${synced} THEN NULL ELSE COALESCE(sync_failing_since, now()) END,
        local_change_pending = CASE WHEN ${synced} AND local_version IS NOT DISTINCT FROM ${outcome.localVersion ?? null}::int THEN false ELSE local_change_pending END
    WHERE invoice_id = ${invoiceId}::uuid AND lease_owner = ${owner}
    RETURNING consecutive_sync_failures AS "failures", sync_failing_since AS "since"`;
  const row = rows[0];
  return row && row.failures > 0 && row.since ? { failures: row.failures, since: new Date(row.since) } : null;
}
