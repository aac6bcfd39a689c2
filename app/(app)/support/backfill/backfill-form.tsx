"use client";
// The backfill button: a window (hours back, or a start time in UTC) and the counts it produced.
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { runBackfillAction } from "@/lib/backfill/actions";
import type { BackfillReport } from "@/lib/backfill/backfill-stripe-events";

const presets = [1, 6, 24, 72, 168, 720] as const;

function label(hours: number): string {
  return hours < 24 ? `last ${hours} hour${hours === 1 ? "" : "s"}` : `last ${hours / 24} day${hours === 24 ? "" : "s"}`;
}

type State = ActionResult<BackfillReport> | null;

export function BackfillForm() {
  const [mode, setMode] = useState<"hours" | "since">("hours");
  const [state, submit, pending] = useActionState<State, FormData>(async (_previous, form) => {
    const since = String(form.get("since") ?? "");
    return runBackfillAction(mode === "hours" ? { hours: Number(form.get("hours")) } : { since });
  }, null);

  return (
    <form action={submit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <fieldset className="flex flex-wrap items-end gap-4 text-sm">
        <legend className="mb-2 font-medium">Window</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" checked={mode === "hours"} onChange={() => setMode("hours")} />
          <select name="hours" aria-label="Hours back" defaultValue="24" disabled={mode !== "hours"} className="rounded border border-slate-300 px-2 py-1">
            {presets.map((hours) => (
              <option key={hours} value={hours}>
                {label(hours)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="mode" checked={mode === "since"} onChange={() => setMode("since")} />
          since
          <input type="datetime-local" name="since" disabled={mode !== "since"} required={mode === "since"} className="rounded border border-slate-300 px-2 py-1" />
          <span className="text-slate-600">UTC</span>
        </label>
        <button type="submit" disabled={pending} className="rounded bg-indigo-700 px-3 py-1.5 text-white disabled:opacity-60">
          {pending ? "Backfilling…" : "Backfill"}
        </button>
      </fieldset>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.error.message} {state.error.fields && Object.values(state.error.fields).join(" ")}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="text-sm text-slate-700">
          {state.data.seen} event(s) seen, {state.data.alreadyInInbox} already in the inbox, {state.data.fed} fed
          {state.data.queued > 0 && `, ${state.data.queued} queued for the sweeper`}, {state.data.ignored} ignored
          {state.data.invalid > 0 && `, ${state.data.invalid} invalid (see the log)`}.
        </p>
      )}
    </form>
  );
}
