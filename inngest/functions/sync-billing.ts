// The compiled Stripe sync: on a cron (SYNC_INTERVAL_SECONDS) for every tenant, and on demand for
// one tenant (billing page, portal, support). Pending usage becomes one write per changed invoice
// item; the run records when each tenant last synced.
import { inngest } from "@/inngest/client";
import { getEnv } from "@/lib/config/env";
import { billingSyncRequested } from "@/lib/events/definitions";
import { runBillingSync } from "@/lib/billing-sync/run-billing-sync";
import { syncCron } from "@/lib/billing-sync/schedule";

export const syncBillingFunction = inngest.createFunction(
  {
    id: "sync-billing-to-stripe",
    name: "Sync pending billing changes to Stripe",
    triggers: [{ cron: syncCron(getEnv().SYNC_INTERVAL_SECONDS) }, billingSyncRequested],
    // The sync is idempotent and the next tick retries anyway: one quick retry is enough.
    retries: 1,
  },
  async ({ event, step }) => {
    // The cron syncs every tenant; a request names one (or none, from an operator: all of them).
    const tenantId = event.name === billingSyncRequested.name ? event.data.tenantId : undefined;
    return step.run("push-pending-changes", () => runBillingSync({ tenantId }));
  },
);
