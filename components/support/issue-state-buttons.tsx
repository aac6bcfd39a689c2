"use client";
// Support sets an issue's state by hand (acknowledge it, resolve it, reopen it); an issue also
// resolves itself once every failure converged.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setFailureGroupStateAction } from "@/lib/dead-letters/actions";

type IssueState = "open" | "acknowledged" | "resolved";

const labels: Record<IssueState, string> = { open: "Reopen", acknowledged: "Acknowledge", resolved: "Resolve" };

export function IssueStateButtons({ issueId, state }: { issueId: string; state: IssueState }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const change = (next: IssueState) =>
    startTransition(async () => {
      const result = await setFailureGroupStateAction({ groupId: issueId, state: next });
      setError(result.ok ? null : result.error.message);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-1 text-xs">
      {(["acknowledged", "resolved", "open"] as const)
        .filter((s) => s !== state)
        .map((s) => (
          <button key={s} type="button" disabled={pending} onClick={() => change(s)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-100 disabled:opacity-50">
            {labels[s]}
          </button>
        ))}
      {error && <span role="alert" className="text-red-700">{error}</span>}
    </div>
  );
}
