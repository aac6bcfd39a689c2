// Serves /support/reports/dead-letters: the weekly dead-letter health reports (failures by job type and
// reason, mean time to recovery, replay success, oldest open failures), newest week first.
import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/session";
import { listDlqReports } from "@/lib/dead-letters/queries";
import type { DlqReportFigures } from "@/lib/dead-letters/weekly-report";

export const metadata: Metadata = { title: "Dead-letter reports" };

function hours(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 7_200_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

export default async function DlqReportsPage() {
  await requirePageUser("support:view");
  const reports = await listDlqReports();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Dead-letter health</h1>
        <p className="text-sm text-slate-600">Computed every Monday at 07:00 UTC for the week before, and mailed to the report recipients.</p>
      </div>
      {reports.length === 0 && <EmptyState>No report yet: the first one arrives next Monday.</EmptyState>}
      {reports.map((report) => {
        const f = report.figures as unknown as DlqReportFigures;
        return (
          <article key={report.id} className="space-y-4" aria-label={`Week of ${f.weekStart.slice(0, 10)}`}>
            <h2 className="text-lg font-semibold">
              Week of <DateText value={report.weekStart} /> {report.deliveredAt ? <span className="text-xs font-normal text-slate-600">· sent to {report.recipients}</span> : null}
            </h2>
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
              <Figure label="Failures" value={f.totalFailures.toLocaleString("en-US")} />
              <Figure label="Recovered" value={f.recovered.toLocaleString("en-US")} />
              <Figure label="Mean time to recovery" value={hours(f.meanTimeToRecoveryMs)} />
              <Figure label="Replay success" value={f.replays.successRate === null ? "—" : `${Math.round(f.replays.successRate * 100)}% of ${f.replays.succeeded + f.replays.failed}`} />
            </dl>
            <div className="grid min-w-0 gap-6 lg:grid-cols-2">
              <DataTable
                caption={`Failures by job type and reason, week of ${f.weekStart.slice(0, 10)}`}
                rows={f.byReason}
                rowKey={(r) => `${r.jobType}-${r.reasonKey}`}
                empty="No failures that week."
                columns={[
                  { header: "Job type / reason", className: "break-words", cell: (r) => <><div className="font-mono text-xs">{r.jobType}</div>{r.sampleReason}</> },
                  { header: "Failures", align: "right", className: "tabular-nums", cell: (r) => r.count },
                ]}
              />
              <div className="space-y-2">
                <h3 className="font-medium">Oldest open failures</h3>
                {f.oldestOpen.length === 0 ? (
                  <EmptyState variant="inline">None.</EmptyState>
                ) : (
                  <ul className="space-y-1 text-sm">
                    {f.oldestOpen.map((o) => (
                      <li key={o.id} className="break-words">
                        <Link href={`/support/dead-letters/${o.id}`} className="text-indigo-700 hover:underline"><DateText value={o.failedAt} withTime /></Link>{" "}
                        <span className="font-mono text-xs">{o.jobType}</span> {o.tenantName ? `· ${o.tenantName} ` : ""}— {o.reason.slice(0, 100)}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          </article>
        );
      })}
    </div>
  );
}
