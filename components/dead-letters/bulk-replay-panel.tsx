"use client";
// Bulk replay of the current filtered slice: confirm, start, then follow the paced progress.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { startBulkReplayAction } from "@/lib/dead-letters/actions";
import { StatusBadge } from "./envelope-status-badge";

interface Progress {
  id: string;
  status: string;
  total: number;
  sent: number;
  skipped: number;
  failed: number;
  ratePerSecond: number;
}

function ProgressBar({ bulkId }: { bulkId: string }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["dead-letter-bulk-replay", bulkId],
    queryFn: async (): Promise<Progress> => {
      const response = await fetch(`/api/support/dead-letters/bulk/${bulkId}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    refetchInterval: (query) => (query.state.data?.status === "done" || query.state.data?.status === "failed" ? false : 1_000),
  });
  const done = data?.status === "done" || data?.status === "failed";
  // Once finished, refresh the list beneath (statuses changed).
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);
  if (!data) return <p className="text-sm text-slate-500">Starting…</p>;
  const processed = data.sent + data.skipped + data.failed;
  const percent = data.total ? Math.round((processed / data.total) * 100) : 100;
  return (
    <div className="space-y-1" aria-live="polite">
      <div className="flex items-center justify-between text-sm">
        <span>
          {processed.toLocaleString("en-US")} / {data.total.toLocaleString("en-US")} · {data.sent} replayed, {data.skipped} skipped (no longer open), {data.failed} not sent
        </span>
        <StatusBadge status={data.status} />
      </div>
      <div className="h-2 overflow-hidden rounded bg-slate-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      {data.status === "failed" ? (
        <p role="alert" className="text-xs text-red-700">
          The replay job stopped before the end. Failures it did not reach are still open: select them again to replay them.
        </p>
      ) : (
        <p className="text-xs text-slate-500">Paced at {data.ratePerSecond} replays per second to stay under Stripe&apos;s rate limits.</p>
      )}
    </div>
  );
}

export function BulkReplayPanel({ query, description }: { query: string; description: string }) {
  const [bulkId, setBulkId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const start = () =>
    startTransition(async () => {
      const result = await startBulkReplayAction({ query });
      setConfirming(false);
      if (result.ok) {
        setBulkId(result.data.bulkId);
        setError(null);
      } else setError(result.error.message);
    });
  return (
    <section aria-label="Bulk replay" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          Replay every <strong>open</strong> failure matching {description}.
        </p>
        {confirming ? (
          <div className="flex gap-2">
            <button type="button" disabled={pending} onClick={start} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
              {pending ? "Starting…" : "Yes, replay them"}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} className="rounded border border-indigo-600 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50">
            Replay this selection…
          </button>
        )}
      </div>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {bulkId && <ProgressBar bulkId={bulkId} />}
    </section>
  );
}
