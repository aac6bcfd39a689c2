// The compiled Stripe sync: on a cron (SYNC_INTERVAL_SECONDS) for every tenant, and on demand for
// one tenant (billing page, portal, support). Pending usage becomes one write per changed invoice
// item; the run records when each tenant last synced.
import { inngest } from "@/inngest/client";
import { getEnv } from "@/lib/config/env";
import { SYNC_REQUESTED_EVENT } from "@/lib/sync/request-sync";
import { runBillingSync } from "@/lib/sync/run-billing-sync";
import { syncCron } from "@/lib/sync/schedule";

export const syncBillingFunction = inngest.createFunction(
  {
    id: "sync-billing-to-stripe",
    name: "Sync pending billing changes to Stripe",
    triggers: [{ cron: syncCron(getEnv().SYNC_INTERVAL_SECONDS) }, { event: SYNC_REQUESTED_EVENT }],
    // The sync is idempotent and the next tick retries anyway: one quick retry is enough.
    retries: 1,
  },
  async ({ event, step }) => {
    const data = event.data as { tenantId?: unknown } | undefined;
    const tenantId = typeof data?.tenantId === "string" ? data.tenantId : undefined;
    return step.run("push-pending-changes", () => runBillingSync({ tenantId }));
  },
);
