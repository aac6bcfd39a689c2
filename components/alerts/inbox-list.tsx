// The local inbox: Slack posts and emails written here when no real transport is configured.
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";

export interface InboxRow {
  id: string;
  channel: string;
  recipients: string;
  subject: string;
  text: string;
  createdAt: Date;
}

export function InboxList({ messages }: { messages: InboxRow[] }) {
  if (messages.length === 0) return <EmptyState variant="inline">The inbox is empty.</EmptyState>;
  return (
    <ul className="space-y-2">
      {messages.map((m) => (
        <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span className="rounded bg-slate-100 px-1.5 font-medium uppercase text-slate-700">{m.channel}</span>
            <span>to {m.recipients}</span>
            <DateText value={m.createdAt} withTime />
          </div>
          <details>
            <summary className="cursor-pointer font-medium">{m.subject}</summary>
            <pre className="mt-2 whitespace-pre-wrap font-sans text-slate-700">{m.text}</pre>
          </details>
        </li>
      ))}
    </ul>
  );
}
