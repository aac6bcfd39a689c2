// Serves /support/conflicts: Stripe changes held back because of unsynced local changes (?status=),
// and the latest reconciliation drift.
import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/session";
import { listConflicts, type ConflictStatusFilter } from "@/lib/conflicts/queries";
import { listRecentDrift } from "@/lib/reconciliation/queries";

export const metadata: Metadata = { title: "Conflicts" };

const statuses: ConflictStatusFilter[] = ["open", "accepted_theirs", "kept_ours"];

export default async function ConflictsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("support:view");
  const { status: raw } = await searchParams;
  const status = statuses.find((s) => s === raw) ?? "open";
  const [conflicts, drift] = await Promise.all([listConflicts(status), listRecentDrift()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Conflicts</h1>
      <nav aria-label="Filter by status" className="flex flex-wrap gap-3 text-sm">
        {statuses.map((s) => (
          <Link key={s} href={`/support/conflicts?status=${s}`} aria-current={s === status ? "page" : undefined} className={s === status ? "font-semibold text-indigo-700" : "text-slate-600"}>{s.replace("_", " ")}</Link>
        ))}
      </nav>
      {conflicts.length === 0 ? (
        <EmptyState>No {status.replace("_", " ")} conflicts.</EmptyState>
      ) : (
        <ul className="space-y-2">
          {conflicts.map((c) => (
            <li key={c.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
              <Link href={`/support/conflicts/${c.id}`} className="font-medium text-indigo-700 hover:underline">{c.eventType}</Link>{" "}
              <span className="text-slate-600">ours by {c.localActor} vs {c.stripeActor} · <DateText value={c.detectedAt} withTime /></span>
            </li>
          ))}
        </ul>
      )}
      <section>
        <h2 className="mb-2 text-lg font-semibold">Reconciliation drift</h2>
        <DataTable
          caption="Reconciliation drift"
          rows={drift}
          rowKey={(d) => d.id}
          empty="No drift recorded."
          columns={[
            { header: "When", className: "whitespace-nowrap", cell: (d) => <DateText value={d.detectedAt} withTime /> },
            { header: "Kind", cell: (d) => d.kind },
            { header: "Invoice", cell: (d) => <Link href={`/support/invoices/${d.invoiceId}`} className="text-indigo-700 hover:underline">{d.invoiceId.slice(0, 8)}</Link> },
            { header: "Local", className: "font-mono text-xs", cell: (d) => d.localValue ?? "—" },
            { header: "Stripe", className: "font-mono text-xs", cell: (d) => d.stripeValue ?? "—" },
          ]}
        />
      </section>
    </div>
  );
}
