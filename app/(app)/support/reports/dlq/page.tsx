// Serves /support/reports/dlq: the weekly dead-letter health reports (failures by job type and
// reason, mean time to recovery, replay success, oldest open failures), newest week first.
import type { Metadata } from "next";
import Link from "next/link";
import { DateText } from "@/components/ui/date-text";
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
      <dt className="text-xs text-slate-500">{label}</dt>
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
      {reports.length === 0 && <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No report yet: the first one arrives next Monday.</p>}
      {reports.map((report) => {
        const f = report.figures as unknown as DlqReportFigures;
        return (
          <article key={report.id} className="space-y-4" aria-label={`Week of ${f.weekStart.slice(0, 10)}`}>
            <h2 className="text-lg font-semibold">
              Week of <DateText value={report.weekStart} /> {report.deliveredAt ? <span className="text-xs font-normal text-slate-500">· sent to {report.recipients}</span> : null}
            </h2>
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
              <Figure label="Failures" value={f.totalFailures.toLocaleString("en-US")} />
              <Figure label="Recovered" value={f.recovered.toLocaleString("en-US")} />
              <Figure label="Mean time to recovery" value={hours(f.meanTimeToRecoveryMs)} />
              <Figure label="Replay success" value={f.replays.successRate === null ? "—" : `${Math.round(f.replays.successRate * 100)}% of ${f.replays.succeeded + f.replays.failed}`} />
            </dl>
            <div className="grid gap-6 lg:grid-cols-2">
              <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
                <thead className="bg-slate-50 text-xs uppercase text-slate-500">
                  <tr><th className="px-3 py-2">Job type / reason</th><th className="px-3 py-2 text-right">Failures</th></tr>
                </thead>
                <tbody>
                  {f.byReason.map((r) => (
                    <tr key={`${r.jobType}-${r.reasonKey}`} className="border-t border-slate-100">
                      <td className="px-3 py-2"><div className="font-mono text-xs">{r.jobType}</div>{r.sampleReason}</td>
                      <td className="px-3 py-2 text-right tabular-nums">{r.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="space-y-2">
                <h3 className="font-medium">Oldest open failures</h3>
                {f.oldestOpen.length === 0 ? (
                  <p className="text-sm text-slate-500">None.</p>
                ) : (
                  <ul className="space-y-1 text-sm">
                    {f.oldestOpen.map((o) => (
                      <li key={o.id}>
                        <Link href={`/support/dlq/${o.id}`} className="text-indigo-700 hover:underline"><DateText value={o.failedAt} withTime /></Link>{" "}
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
