// Serves /support/alerts: dead-letter alerts (grouped per reason and window, and the rate alarm)
// and the local inbox that stands in for Slack and email in demo mode (support and admins).
// The header renders at once; the alerts and the inbox stream in side by side.
import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertList } from "@/components/alerts/alert-list";
import { InboxList } from "@/components/alerts/inbox-list";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { listInboxMessages, listRecentAlerts } from "@/lib/alerts/queries";
import { requirePageUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/config/env";

export const metadata: Metadata = { title: "Alerts" };

async function RecentAlerts() {
  return <AlertList alerts={await listRecentAlerts()} />;
}

async function LocalInbox() {
  return <InboxList messages={await listInboxMessages()} />;
}

export default async function AlertsPage() {
  await requirePageUser("support:view");
  const env = getEnv();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Alerts</h1>
        <p className="text-sm text-slate-600">
          Alerts go to {env.SLACK_WEBHOOK_URL ? "Slack" : "the local inbox below (no SLACK_WEBHOOK_URL set)"}. One alert per job type and reason every{" "}
          {env.DLQ_ALERT_WINDOW_MINUTES} minutes; the queue alarm fires at {env.DLQ_RATE_ALERT_THRESHOLD} dead letters within that window.
        </p>
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Recent alerts</h2>
        <Suspense fallback={<SectionSkeleton label="Loading the alerts" rows={4} />}>
          <RecentAlerts />
        </Suspense>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Local inbox</h2>
        <Suspense fallback={<SectionSkeleton label="Loading the local inbox" rows={4} />}>
          <LocalInbox />
        </Suspense>
      </section>
    </div>
  );
}
