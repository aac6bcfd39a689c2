"use client";
// A payload error fixed once for the whole issue (admins): edit one failure's payload, preview
// the correction's effect on every open failure of the issue, then replay them all corrected.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { correctIssueAction, previewIssueCorrectionAction } from "@/lib/dead-letters/actions";
import type { CorrectionPreview } from "@/lib/dead-letters/correct-issue-payload";
import { ActionMessage, type ActionOutcome } from "@/components/dead-letters/action-message";
import { PayloadTextarea } from "@/components/dead-letters/payload-textarea";

export function IssueCorrectionEditor({ issueId, envelopeId, original }: { issueId: string; envelopeId: string; original: unknown }) {
  const router = useRouter();
  const [text, setText] = useState(() => JSON.stringify(original, null, 2));
  const [preview, setPreview] = useState<CorrectionPreview | null>(null);
  const [message, setMessage] = useState<ActionOutcome | null>(null);
  const [pending, startTransition] = useTransition();

  const runPreview = () =>
    startTransition(async () => {
      const result = await previewIssueCorrectionAction({ issueId, envelopeId, payloadJson: text });
      if (result.ok) {
        setPreview(result.data);
        setMessage(null);
      } else setMessage({ ok: false, text: result.error.message });
    });
  const apply = () =>
    startTransition(async () => {
      const result = await correctIssueAction({ issueId, envelopeId, payloadJson: text });
      setMessage(result.ok ? { ok: true, text: `${result.data.replayed} corrected failure(s) replayed, ${result.data.failed} left open.` } : { ok: false, text: result.error.message });
      router.refresh();
    });

  return (
    <div className="space-y-3">
      <PayloadTextarea
        label="Corrected payload"
        value={text}
        onChange={(next) => {
          setText(next);
          setPreview(null);
        }}
        rows={14}
      />
      <div className="flex flex-wrap gap-2">
        <button type="button" disabled={pending} onClick={runPreview} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50">
          Preview on every failure
        </button>
        <button type="button" disabled={pending || !preview || preview.envelopes.some((e) => !e.valid)} onClick={apply} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
          Apply to all and replay
        </button>
      </div>
      {preview && (
        <div className="space-y-1 text-sm">
          <p>
            Correction: {preview.correction.map((c) => `${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join("; ")}
          </p>
          <ul className="list-inside list-disc">
            {preview.envelopes.map((e) => (
              <li key={e.envelopeId} className={e.valid ? "" : "text-red-700"}>
                <span className="font-mono text-xs">{e.envelopeId.slice(0, 8)}</span> — {e.summary}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ActionMessage message={message} />
    </div>
  );
}
