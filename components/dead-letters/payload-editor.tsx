"use client";
// Edit before replay (admins): a JSON editor validated as you type against the job's schema,
// a dry run showing what the replay would change, the diff with the original, then replay.
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { dryRunReplayAction, replayEditedEnvelopeAction } from "@/lib/dead-letters/actions";
import type { DryRunResult } from "@/lib/dead-letters/dry-run-replay";
import { checkReplayPayload, diffJson } from "@/lib/dead-letters/replay-payload";
import { ActionMessage, type ActionOutcome } from "./action-message";
import { PayloadTextarea } from "./payload-textarea";

export function PayloadEditor({ envelopeId, original, canEdit, canReplay }: { envelopeId: string; original: unknown; canEdit: boolean; canReplay: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(() => JSON.stringify(original, null, 2));
  const [dryRun, setDryRun] = useState<DryRunResult | null>(null);
  const [message, setMessage] = useState<ActionOutcome | null>(null);
  const [pending, startTransition] = useTransition();

  const check = useMemo(() => {
    try {
      const value: unknown = JSON.parse(text);
      const result = checkReplayPayload(value, original);
      return { value, issues: result.ok ? [] : result.issues.map((i) => `${i.path || "payload"}: ${i.message}`), diff: diffJson(original, value) };
    } catch (error) {
      return { value: undefined, issues: [`Not valid JSON: ${error instanceof Error ? error.message : "unreadable"}`], diff: [] };
    }
  }, [text, original]);

  const edited = check.diff.length > 0;
  const runDryRun = () =>
    startTransition(async () => {
      const result = await dryRunReplayAction({ envelopeId, payloadJson: edited ? text : undefined });
      if (result.ok) setDryRun(result.data);
      else setMessage({ ok: false, text: result.error.message });
    });
  const replay = () =>
    startTransition(async () => {
      const result = await replayEditedEnvelopeAction({ envelopeId, payloadJson: text });
      setMessage(result.ok ? { ok: true, text: `Corrected payload replayed (replay #${result.data.sequence}).` } : { ok: false, text: result.error.message });
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {canEdit ? (
        <PayloadTextarea
          label="Payload to replay"
          value={text}
          onChange={(next) => {
            setText(next);
            setDryRun(null);
          }}
          rows={18}
          invalid={check.issues.length > 0}
        />
      ) : (
        <p className="text-sm text-slate-600">Only admins can correct a payload. You can still preview what a replay would do.</p>
      )}
      {check.issues.length > 0 && (
        <ul role="alert" className="list-inside list-disc text-sm text-red-700">
          {check.issues.slice(0, 5).map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
      {edited && (
        <div className="rounded border border-amber-200 bg-amber-50 p-3 text-xs">
          <p className="mb-1 font-medium text-amber-900">Changes from the original (the original is kept):</p>
          <ul className="space-y-0.5 font-mono">
            {check.diff.slice(0, 20).map((d) => (
              <li key={d.path}>
                {d.path}: <span className="text-red-700 line-through">{JSON.stringify(d.before)}</span> → <span className="text-emerald-700">{JSON.stringify(d.after)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        {canReplay && (
          <button type="button" disabled={pending || check.issues.length > 0} onClick={runDryRun} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50">
            Dry run
          </button>
        )}
        {canEdit && (
          <button type="button" disabled={pending || check.issues.length > 0 || !edited} onClick={replay} className="rounded bg-amber-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-amber-800 disabled:opacity-50">
            Replay corrected payload
          </button>
        )}
      </div>
      {dryRun && (
        <div className="rounded border border-slate-200 bg-white p-3 text-sm" aria-live="polite">
          <p className="font-medium">{dryRun.summary}</p>
          <p className="text-xs text-slate-500">
            Would send {dryRun.eventName ?? "nothing"} · target {dryRun.target.kind} {dryRun.target.stripeId ?? ""} {dryRun.target.exists ? "(exists)" : "(new)"}
          </p>
          {dryRun.changes.length > 0 && (
            <ul className="mt-2 font-mono text-xs">
              {dryRun.changes.map((c) => (
                <li key={c.field}>
                  {c.field}: {JSON.stringify(c.from)} → {JSON.stringify(c.to)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ActionMessage message={message} />
    </div>
  );
}
