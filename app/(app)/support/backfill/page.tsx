// Serves /support/backfill: feed Stripe events our endpoint missed (an outage) through the
// normal pipeline, and the log of earlier backfills.
import type { Metadata } from "next";
import { DateText } from "@/components/ui/date-text";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { STRIPE_EVENT_RETENTION_DAYS } from "@/lib/backfill/backfill-stripe-events";
import { describeStripeAccount, listRecentBackfillRuns } from "@/lib/backfill/queries";
import { BackfillForm } from "./backfill-form";

export const metadata: Metadata = { title: "Backfill Stripe events" };

export default async function BackfillPage() {
  const user = await requirePageUser("support:view");
  const runs = await listRecentBackfillRuns();
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
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500">No backfill has run yet.</p>
        ) : (
          <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm">
            <thead className="bg-slate-50 text-left text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">When (UTC)</th>
                <th className="px-3 py-2 font-medium">By</th>
                <th className="px-3 py-2 font-medium">Window</th>
                <th className="px-3 py-2 text-right font-medium">Seen</th>
                <th className="px-3 py-2 text-right font-medium">Already in inbox</th>
                <th className="px-3 py-2 text-right font-medium">Fed</th>
                <th className="px-3 py-2 text-right font-medium">Ignored</th>
                <th className="px-3 py-2 font-medium">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className="border-t border-slate-100">
                  <td className="px-3 py-2"><DateText value={run.at} withTime /></td>
                  <td className="px-3 py-2">{run.actor} <span className="text-slate-400">({run.source})</span></td>
                  <td className="px-3 py-2"><DateText value={run.report.since} withTime /> → <DateText value={run.report.until} withTime /></td>
                  <td className="px-3 py-2 text-right tabular-nums">{run.report.seen ?? 0}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{run.report.alreadyInInbox ?? 0}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{(run.report.fed ?? 0) + (run.report.queued ?? 0)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{run.report.ignored ?? 0}</td>
                  <td className="px-3 py-2">{run.outcome === "failed" ? <span className="text-red-700" title={run.report.error}>failed</span> : "completed"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
