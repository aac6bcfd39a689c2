// Sync status reads for the billing view ("synced N seconds ago") and support.
import "server-only";
import { db } from "@/lib/db/client";

export async function getTenantSyncStatus(tenantId: string) {
  const state = await db().tenantSyncState.findUnique({ where: { tenantId }, select: { lastSyncedAt: true, lastAttemptAt: true, lastError: true } });
  return { lastSyncedAt: state?.lastSyncedAt ?? null, lastAttemptAt: state?.lastAttemptAt ?? null, lastError: state?.lastError ?? null };
}
