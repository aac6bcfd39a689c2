const styles: Record<string, string> = {
  open: "bg-red-100 text-red-800",
  replayed: "bg-sky-100 text-sky-800",
  resolved: "bg-emerald-100 text-emerald-800",
  discarded: "bg-zinc-200 text-zinc-700",
  acknowledged: "bg-amber-100 text-amber-800",
  sending: "bg-sky-100 text-sky-800",
  running: "bg-sky-100 text-sky-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  send_failed: "bg-red-100 text-red-800",
  queued: "bg-slate-100 text-slate-700",
  done: "bg-emerald-100 text-emerald-800",
  completed: "bg-emerald-100 text-emerald-800",
};

/** Status of an envelope, issue, replay or run. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span data-status={status} className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${styles[status] ?? "bg-slate-100 text-slate-700"}`}>
      {status.replace("_", " ")}
    </span>
  );
}
