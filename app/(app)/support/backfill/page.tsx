// Serves /support/backfill: feed Stripe events our endpoint missed (an outage) through the
// normal pipeline, and the log of earlier backfills. The header and the form render at once; the
// log streams in.
import type { Metadata } from "next";
import { Suspense } from "react";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { STRIPE_EVENT_RETENTION_DAYS } from "@/lib/backfill/backfill-stripe-events";
import { describeStripeAccount, listRecentBackfillRuns } from "@/lib/backfill/queries";
import { BackfillForm } from "./backfill-form";

export const metadata: Metadata = { title: "Backfill Stripe events" };

async function RecentBackfills() {
  const runs = await listRecentBackfillRuns();
  return (
    <DataTable
      caption="Recent backfills"
      rows={runs}
      rowKey={(run) => run.id}
      empty="No backfill has run yet."
      columns={[
        { header: "When (UTC)", className: "whitespace-nowrap", cell: (run) => <DateText value={run.at} withTime /> },
        { header: "By", cell: (run) => <>{run.actor} <span className="text-slate-600">({run.source})</span></> },
        { header: "Window", cell: (run) => <><DateText value={run.report.since} withTime /> → <DateText value={run.report.until} withTime /></> },
        { header: "Seen", align: "right", className: "tabular-nums", cell: (run) => run.report.seen ?? 0 },
        { header: "Already in inbox", align: "right", className: "tabular-nums", cell: (run) => run.report.alreadyInInbox ?? 0 },
        { header: "Fed", align: "right", className: "tabular-nums", cell: (run) => (run.report.fed ?? 0) + (run.report.queued ?? 0) },
        { header: "Ignored", align: "right", className: "tabular-nums", cell: (run) => run.report.ignored ?? 0 },
        { header: "Outcome", cell: (run) => (run.outcome === "failed" ? <span className="text-red-700" title={run.report.error}>failed</span> : "completed") },
      ]}
    />
  );
}

export default async function BackfillPage() {
  const user = await requirePageUser("support:view");
  const account = describeStripeAccount();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Backfill Stripe events</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          After an outage of our webhook endpoint, this lists the events Stripe created in the window and feeds every one the
          inbox lacks through the normal pipeline. Events already received are skipped, so running it twice is safe. Stripe
          keeps events for {STRIPE_EVENT_RETENTION_DAYS} days. Account: <strong>{account}</strong>.
        </p>
      </div>
      {can(user.role, "dlq:replay") ? (
        <BackfillForm />
      ) : (
        <p className="text-sm text-slate-600">Your role can view backfills but not start one.</p>
      )}
      <section aria-label="Recent backfills">
        <h2 className="mb-2 text-lg font-semibold">Recent backfills</h2>
        <Suspense fallback={<SectionSkeleton label="Loading recent backfills" rows={4} />}>
          <RecentBackfills />
        </Suspense>
      </section>
    </div>
  );
}
