"use client";
// Failures grouped into issues: count, first/last seen and the state support sets. Selecting an
// issue filters the explorer to exactly its envelopes (and so the bulk replay to that slice).
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { setFailureGroupStateAction } from "@/lib/dead-letters/actions";
import { StatusBadge } from "./envelope-status-badge";

export interface IssueRow {
  id: string;
  jobType: string;
  sampleReason: string;
  state: "open" | "acknowledged" | "resolved";
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

const time = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function IssueList({ issues, selected, canChange }: { issues: IssueRow[]; selected?: string; canChange: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const change = (groupId: string, state: IssueRow["state"]) =>
    startTransition(async () => {
      const result = await setFailureGroupStateAction({ groupId, state });
      setError(result.ok ? null : result.error.message);
      router.refresh();
    });
  if (issues.length === 0) return <EmptyState variant="inline">No issues yet.</EmptyState>;
  return (
    <div className="space-y-2">
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {issues.map((issue) => (
          // The title takes the row's full width on a phone; the badge and buttons go below it.
          <li key={issue.id} className={`flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:gap-3 ${selected === issue.id ? "bg-indigo-50" : ""}`}>
            <div className="min-w-0 flex-1">
              <Link href={`/support/dead-letters?group=${issue.id}`} className="block break-words font-medium text-indigo-700 hover:underline">
                {issue.sampleReason.slice(0, 140)}
              </Link>
              <div className="break-words text-xs text-slate-600">
                <span className="font-mono">{issue.jobType}</span> · {issue.occurrences.toLocaleString("en-US")} failures · first {time.format(new Date(issue.firstSeenAt))} · last{" "}
                {time.format(new Date(issue.lastSeenAt))}
              </div>
            </div>
            <div className="flex shrink-0 flex-wrap items-center gap-2">
              <StatusBadge status={issue.state} />
              {canChange && (
                <div className="flex gap-1 text-xs">
                  {(["acknowledged", "resolved", "open"] as const)
                    .filter((s) => s !== issue.state)
                    .map((s) => (
                      <button key={s} type="button" disabled={pending} onClick={() => change(issue.id, s)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-50">
                        {s === "open" ? "Reopen" : s === "acknowledged" ? "Acknowledge" : "Resolve"}
                      </button>
                    ))}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
