"use client";
// One job type's retry policy: read-only for support, editable by admins (applies to new runs).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { SelectField } from "@/components/ui/select-field";
import { saveRetryPolicyAction } from "@/lib/dead-letters/actions";
import type { JobType, RetryPolicy } from "@/lib/jobs/retry-policies";
import { ActionMessage, type ActionOutcome } from "./action-message";

const strategies: RetryPolicy["strategy"][] = ["exponential", "fixed"];

function seconds(ms: number[]): string {
  return ms.map((v) => String(v / 1000)).join(", ");
}

export function RetryPolicyForm({ jobType, policy, custom, canEdit }: { jobType: JobType; policy: RetryPolicy; custom: boolean; canEdit: boolean }) {
  const router = useRouter();
  const [maxAttempts, setMaxAttempts] = useState(String(policy.maxAttempts));
  const [strategy, setStrategy] = useState(policy.strategy);
  const [schedule, setSchedule] = useState(seconds(policy.scheduleMs));
  const [message, setMessage] = useState<ActionOutcome | null>(null);
  const [pending, startTransition] = useTransition();

  const save = (reset: boolean) =>
    startTransition(async () => {
      const scheduleMs = schedule.split(",").map((v) => Math.round(Number(v.trim()) * 1000));
      if (!reset && scheduleMs.some((v) => !Number.isFinite(v))) {
        setMessage({ ok: false, text: "The schedule is a comma-separated list of seconds." });
        return;
      }
      const result = await saveRetryPolicyAction({ jobType, policy: reset ? null : { maxAttempts: Number(maxAttempts), strategy, scheduleMs } });
      setMessage(result.ok ? { ok: true, text: reset ? "Back to the default." : "Saved. New runs use it." } : { ok: false, text: Object.values(result.error.fields ?? {}).join("; ") || result.error.message });
      router.refresh();
    });

  const input = "rounded border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50";
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save(false);
      }}
      aria-label={`Retry policy of ${jobType}`}
    >
      <label className="text-xs text-slate-600">
        Attempts
        <input type="number" min={1} max={20} value={maxAttempts} disabled={!canEdit} onChange={(e) => setMaxAttempts(e.target.value)} className={`${input} ml-1 block w-20`} />
      </label>
      <SelectField label="Strategy" value={strategy} disabled={!canEdit} onChange={(e) => setStrategy(e.target.value === "fixed" ? "fixed" : "exponential")} options={strategies} />
      <label className="w-full max-w-72 text-xs text-slate-600">
        Delays before each retry (seconds)
        <input value={schedule} disabled={!canEdit} onChange={(e) => setSchedule(e.target.value)} className={`${input} block w-full font-mono`} />
      </label>
      {canEdit && (
        <>
          <button type="submit" disabled={pending} className="rounded bg-indigo-600 px-3 py-1.5 text-sm text-white disabled:opacity-50">
            Save
          </button>
          {custom && (
            <button type="button" disabled={pending} onClick={() => save(true)} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
              Reset to default
            </button>
          )}
        </>
      )}
      <ActionMessage message={message} className="w-full" />
    </form>
  );
}
