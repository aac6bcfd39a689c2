// On-demand sync when a customer opens the billing page or the portal: a fire-and-forget event,
// deduplicated per tenant per window by its event id, so a burst of page views is one sync.
import { billingSyncRequested, type SyncReason } from "@/lib/events/definitions";
import { sendEvents } from "@/lib/events/send-event";
import { logger } from "@/lib/logging/logger";

export const ON_DEMAND_DEDUPE_SECONDS = 30;

export function syncRequestEventId(tenantId: string, now = Date.now()): string {
  return `billing-sync-${tenantId}-${Math.floor(now / (ON_DEMAND_DEDUPE_SECONDS * 1000))}`;
}

/** Never awaited by a page: the page renders from local data whatever happens here. */
export function requestTenantSync(tenantId: string, reason: SyncReason): void {
  void sendEvents({ id: syncRequestEventId(tenantId), name: billingSyncRequested.name, data: { tenantId, reason } })
    .catch((error: unknown) => logger().warn({ err: error, tenantId }, "could not request a billing sync"));
}
