"use client";
// Fix the cause, then replay everything it blocked, in one action. An unmapped Stripe customer:
// choose its tenant. Any issue: replay all (state-aware, paced when large). The issue's state
// below follows the replays live until every failure has converged.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { StatusBadge } from "@/components/dead-letters/envelope-status-badge";
import { mapIssueCustomerAction, replayIssueAction } from "@/lib/dead-letters/actions";
import type { IssueSummary } from "@/lib/dead-letters/issues";
import { MoneyAtRiskText } from "./money-at-risk";
import { ActionMessage, type ActionOutcome } from "@/components/dead-letters/action-message";

const POLL_MS = 2_000;

function useLiveIssue(initial: IssueSummary): IssueSummary {
  const { data } = useQuery({
    queryKey: ["support-issue", initial.id],
    queryFn: async (): Promise<IssueSummary> => {
      const response = await fetch(`/api/support/issues/${encodeURIComponent(initial.id)}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`issue: ${response.status}`);
      return ((await response.json()) as { issue: IssueSummary }).issue;
    },
    initialData: initial,
    // Stops once every failure converged and the issue resolved itself.
    refetchInterval: (current) => ((current.state.data ?? initial).state === "resolved" ? false : POLL_MS),
  });
  return data ?? initial;
}

export function IssueFixPanel({ initial, tenants, canFix }: { initial: IssueSummary; tenants: { id: string; name: string }[]; canFix: boolean }) {
  const router = useRouter();
  const issue = useLiveIssue(initial);
  const [tenantId, setTenantId] = useState("");
  const [message, setMessage] = useState<ActionOutcome | null>(null);
  const [pending, startTransition] = useTransition();

  const report = (data: { replayed: number; converged: number; failed: number; bulkId: string | null }) =>
    `${data.replayed} replayed${data.bulkId ? " (paced)" : ""}, ${data.converged} already converged, ${data.failed} not sent.`;
  const mapAndReplay = () =>
    startTransition(async () => {
      const result = await mapIssueCustomerAction({ issueId: issue.id, tenantId });
      setMessage(result.ok ? { ok: true, text: `${result.data.stripeCustomerId} now belongs to ${result.data.tenantName}. ${report(result.data)}` } : { ok: false, text: result.error.message });
      router.refresh();
    });
  const replayAll = () =>
    startTransition(async () => {
      const result = await replayIssueAction({ issueId: issue.id });
      setMessage(result.ok ? { ok: true, text: report(result.data) } : { ok: false, text: result.error.message });
      router.refresh();
    });

  return (
    <div className="space-y-4">
      <div aria-live="polite" className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="issue-live-state">
        <StatusBadge status={issue.state} />
        <span className="text-sm">
          <strong data-testid="issue-unresolved">{issue.unresolved}</strong> unresolved of {issue.occurrences} failures · at risk: <MoneyAtRiskText money={issue.money} />
        </span>
      </div>
      {canFix && issue.unresolved > 0 && (
        <div className="space-y-3 rounded-lg border border-indigo-200 bg-indigo-50 p-4">
          {issue.kind === "unmapped_customer" && issue.subject && (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                mapAndReplay();
              }}
            >
              <label className="text-sm">
                <span className="block font-medium">Tenant of {issue.subject}</span>
                <select required value={tenantId} onChange={(e) => setTenantId(e.target.value)} className="mt-1 rounded border border-slate-300 bg-white px-2 py-1.5" aria-label={`Tenant of ${issue.subject}`}>
                  <option value="">Choose a tenant…</option>
                  {tenants.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={pending || !tenantId} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
                Map to tenant and replay all
              </button>
            </form>
          )}
          <div>
            <button type="button" disabled={pending} onClick={replayAll} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50">
              Replay all {issue.unresolved} failures
            </button>
            <p className="mt-1 text-xs text-slate-600">Failures whose effect is already in place are marked converged, not replayed. Large issues replay paced under Stripe&apos;s rate limits.</p>
          </div>
        </div>
      )}
      <ActionMessage message={message} />
    </div>
  );
}
