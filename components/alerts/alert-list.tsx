// Alerts fired for dead letters, each with how many failures it grouped and how it was delivered.
import Link from "next/link";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";

export interface AlertRow {
  id: string;
  kind: string;
  text: string;
  occurrences: number;
  channel: string;
  envelopeId: string | null;
  deliveredAt: Date | null;
  deliveryError: string | null;
  createdAt: Date;
  lastOccurredAt: Date;
}

export function AlertList({ alerts }: { alerts: AlertRow[] }) {
  if (alerts.length === 0) return <EmptyState variant="inline">No alert has fired.</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {alerts.map((a) => (
        <li key={a.id} className="space-y-1 px-4 py-3 text-sm" data-alert-kind={a.kind}>
          <div className="flex flex-wrap items-center gap-2">
            <span className={`rounded px-1.5 text-xs font-medium ${a.kind === "rate" ? "bg-red-600 text-white" : "bg-red-100 text-red-800"}`}>{a.kind === "rate" ? "queue filling up" : "dead letter"}</span>
            <span className="text-xs text-slate-500">
              <DateText value={a.createdAt} withTime /> via {a.channel}
            </span>
            {a.occurrences > 1 && (
              <span className="rounded bg-slate-100 px-1.5 text-xs">
                ×{a.occurrences}, last <DateText value={a.lastOccurredAt} withTime />
              </span>
            )}
            {a.deliveryError ? <span className="text-xs text-red-700">not delivered: {a.deliveryError}</span> : !a.deliveredAt && <span className="text-xs text-slate-500">delivering…</span>}
          </div>
          <p>{a.text}</p>
          {a.envelopeId && (
            <Link href={`/support/dead-letters/${a.envelopeId}`} className="text-xs text-indigo-700 hover:underline">
              Open the failure
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}
