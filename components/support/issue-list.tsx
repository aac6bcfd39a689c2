// Issues by root cause: the title (what is wrong), the money at risk, what the cause touches and
// its state. Each links to the issue's page, where it is fixed.
import Link from "next/link";
import { StatusBadge } from "@/components/dead-letters/envelope-status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import type { IssueSummary } from "@/lib/dead-letters/issues";
import { MoneyAtRiskText } from "./money-at-risk";

export function IssueList({ issues, selected, empty = "No issues." }: { issues: IssueSummary[]; selected?: string; empty?: string }) {
  if (issues.length === 0) return <EmptyState variant="inline">{empty}</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {issues.map((issue) => (
        <li key={issue.id} className={`flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:gap-3 ${selected === issue.id ? "bg-indigo-50" : ""}`}>
          <div className="min-w-0 flex-1">
            <Link href={`/support/issues/${issue.id}`} className="block break-words font-medium text-indigo-700 hover:underline">
              {issue.title}
            </Link>
            <div className="break-words text-sm">
              At risk: <MoneyAtRiskText money={issue.money} />
            </div>
            <div className="break-words text-xs text-slate-600">
              {issue.unresolved.toLocaleString("en-US")} unresolved of {issue.occurrences.toLocaleString("en-US")} failures ·{" "}
              <span className="font-mono">{issue.jobTypes.join(", ")}</span>
              {issue.tenants.length > 0 && <> · {issue.tenants.map((t) => t.name).join(", ")}</>}
            </div>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <StatusBadge status={issue.state} />
          </div>
        </li>
      ))}
    </ul>
  );
}
