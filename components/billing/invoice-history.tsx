import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";

export interface HistoryEvent {
  id: bigint | string;
  eventType: string;
  actor: string;
  source: string;
  createdAt: Date;
}

export function InvoiceHistory({ events }: { events: HistoryEvent[] }) {
  if (events.length === 0) return <EmptyState variant="inline">No recorded events yet.</EmptyState>;
  return (
    <ol className="space-y-2 border-l-2 border-slate-200 pl-4 text-sm">
      {events.map((event) => (
        <li key={String(event.id)} data-event-type={event.eventType}>
          <span className="font-medium">{event.eventType}</span>{" "}
          <span className="text-slate-600">
            by {event.actor} via {event.source} · <DateText value={event.createdAt} withTime />
          </span>
        </li>
      ))}
    </ol>
  );
}
