// Server-rendered parts of the envelope page: attempts, backoff schedule, replay lineage and the
// related invoice's timeline.
import Link from "next/link";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";
import type { TimelineEntry } from "@/lib/invoices/invoice-timeline";
import { StatusBadge } from "./envelope-status-badge";

function ms(value: number): string {
  if (value < 1000) return `${value} ms`;
  if (value < 60_000) return `${Math.round(value / 1000)} s`;
  if (value < 3_600_000) return `${Math.round(value / 60_000)} min`;
  return `${(value / 3_600_000).toFixed(1)} h`;
}

export function AttemptList({ attempts }: { attempts: { id: bigint; runId: string; step: string; attempt: number; error: string; retryDelayMs: number | null; failedAt: Date }[] }) {
  if (attempts.length === 0) return <EmptyState variant="inline">No attempt was recorded (the job failed before its first step).</EmptyState>;
  return (
    <ol className="space-y-2 text-sm">
      {attempts.map((a) => (
        <li key={String(a.id)} className="rounded border border-slate-200 bg-white p-3">
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span className="font-medium text-slate-800">Attempt {a.attempt}</span>
            <span className="font-mono">{a.step}</span>
            <DateText value={a.failedAt} withTime />
            <span>run {a.runId.slice(0, 12)}…</span>
            <span>{a.retryDelayMs === null ? "no further retry" : `next retry in ${ms(a.retryDelayMs)}`}</span>
          </div>
          <p className="mt-1 break-words text-slate-800">{a.error}</p>
        </li>
      ))}
    </ol>
  );
}

export function BackoffSchedule({ strategy }: { strategy: unknown }) {
  const s = strategy as { strategy?: string; maxAttempts?: number; delaysMs?: number[] } | null;
  if (!s?.delaysMs) return <p className="text-sm text-slate-600">Unknown</p>;
  return (
    <p className="text-sm text-slate-700">
      {s.strategy} backoff, {s.maxAttempts} attempts: first try{s.delaysMs.map((d, i) => ` → wait ${ms(d)} → attempt ${i + 2}`).join("")} → dead letter.
    </p>
  );
}

export interface LineageRow {
  id: string;
  sequence: number;
  status: string;
  eventId: string;
  runId: string | null;
  edited: boolean;
  actor: string;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export function ReplayLineage({ replays, originalRunId }: { replays: LineageRow[]; originalRunId: string | null }) {
  return (
    <ol className="space-y-2 border-l-2 border-slate-200 pl-4 text-sm">
      <li>
        <span className="font-medium">Original run</span>{" "}
        {originalRunId ? (
          <Link href={`/support/dead-letters/runs/${encodeURIComponent(originalRunId)}`} className="font-mono text-xs text-indigo-700 hover:underline">
            {originalRunId}
          </Link>
        ) : (
          "—"
        )}
      </li>
      {replays.map((r) => (
        <li key={r.id} data-replay-sequence={r.sequence}>
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">Replay #{r.sequence}</span>
            <StatusBadge status={r.status} />
            {r.edited && <span className="rounded bg-amber-100 px-1.5 text-xs text-amber-800">edited payload</span>}
            <span className="text-xs text-slate-500">
              by {r.actor} · <DateText value={r.createdAt} withTime />
            </span>
          </div>
          <div className="text-xs text-slate-600">
            event <span className="font-mono">{r.eventId}</span> · run{" "}
            {r.runId ? (
              <Link href={`/support/dead-letters/runs/${encodeURIComponent(r.runId)}`} className="font-mono text-indigo-700 hover:underline">
                {r.runId}
              </Link>
            ) : (
              "not started yet"
            )}
          </div>
          {r.error && <p className="text-xs text-red-700">{r.error}</p>}
        </li>
      ))}
      {replays.length === 0 && <li className="text-slate-500">Not replayed yet.</li>}
    </ol>
  );
}

const kindStyle: Record<TimelineEntry["kind"], string> = {
  stripe_event: "bg-violet-100 text-violet-800",
  run: "bg-sky-100 text-sky-800",
  envelope: "bg-red-100 text-red-800",
  audit: "bg-slate-100 text-slate-700",
  support: "bg-amber-100 text-amber-800",
};

export function InvoiceTimelineList({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <EmptyState variant="inline">Nothing recorded for this invoice yet.</EmptyState>;
  return (
    <ol className="space-y-1.5 text-sm">
      {entries.map((e, i) => (
        <li key={`${e.at}-${i}`} className="flex flex-wrap items-baseline gap-2">
          <span className="w-40 shrink-0 text-xs text-slate-500">
            <DateText value={e.at} withTime />
          </span>
          <span className={`rounded px-1.5 text-xs ${kindStyle[e.kind]}`}>{e.kind.replace("_", " ")}</span>
          {e.href ? (
            <Link href={e.href} className="font-medium text-indigo-700 hover:underline">
              {e.title}
            </Link>
          ) : (
            <span className="font-medium">{e.title}</span>
          )}
          <span className="text-xs text-slate-500">{e.detail}</span>
        </li>
      ))}
    </ol>
  );
}
