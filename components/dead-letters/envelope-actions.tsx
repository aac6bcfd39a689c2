"use client";
// One-click replay, mark resolved and discard (both need a reason). Buttons a role cannot use
// are not shown; the server checks again.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { discardEnvelopeAction, replayEnvelopeAction, resolveEnvelopeAction } from "@/lib/dead-letters/actions";
import { ActionMessage, type ActionOutcome } from "./action-message";

export function EnvelopeActions({ envelopeId, status, canReplay, canDiscard }: { envelopeId: string; status: string; canReplay: boolean; canDiscard: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<ActionOutcome | null>(null);
  const [closing, setClosing] = useState<"resolve" | "discard" | null>(null);
  const [reason, setReason] = useState("");
  const open = status === "open";

  const run = (work: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>, success: string) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? { ok: true, text: success } : { ok: false, text: result.error.message });
      if (result.ok) {
        setClosing(null);
        setReason("");
      }
      router.refresh();
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {canReplay && (
          <button
            type="button"
            disabled={!open || pending}
            onClick={() => run(() => replayEnvelopeAction({ envelopeId }), "Replay sent. The status turns resolved when the run succeeds.")}
            className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50"
          >
            {pending ? "Working…" : "Replay"}
          </button>
        )}
        {canReplay && (
          <button type="button" disabled={!open || pending} onClick={() => setClosing("resolve")} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50">
            Mark resolved…
          </button>
        )}
        {canDiscard && (
          <button type="button" disabled={!open || pending} onClick={() => setClosing("discard")} className="rounded border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-50">
            Discard…
          </button>
        )}
      </div>
      {!open && <p className="text-xs text-slate-500">Only an open failure can be replayed or closed.</p>}
      {closing && (
        <form
          className="space-y-2 rounded border border-slate-200 bg-slate-50 p-3"
          onSubmit={(event) => {
            event.preventDefault();
            run(() => (closing === "discard" ? discardEnvelopeAction({ envelopeId, reason }) : resolveEnvelopeAction({ envelopeId, reason })), closing === "discard" ? "Discarded." : "Marked resolved.");
          }}
        >
          <label htmlFor="close-reason" className="block text-sm font-medium">
            Why {closing === "discard" ? "discard" : "mark resolved"}? (required, kept in the audit log)
          </label>
          <textarea id="close-reason" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} className="w-full rounded border border-slate-300 p-2 text-sm" rows={2} />
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className="rounded bg-slate-800 px-3 py-1.5 text-sm text-white disabled:opacity-50">
              Confirm
            </button>
            <button type="button" onClick={() => setClosing(null)} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
              Cancel
            </button>
          </div>
        </form>
      )}
      <ActionMessage message={message} />
    </div>
  );
}
