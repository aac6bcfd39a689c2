// Serves /support/conflicts: Stripe changes held back because of unsynced local changes (?status=),
// and the latest reconciliation drift, repairable from Stripe one invoice at a time or all at once.
import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";
import { RepairAllDriftButton, RepairDriftButton } from "@/components/reconciliation/repair-drift-buttons";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { listConflicts, type ConflictStatusFilter } from "@/lib/conflicts/queries";
import { countOpenDrift, listRecentDrift } from "@/lib/reconciliation/queries";

export const metadata: Metadata = { title: "Conflicts" };

const statuses: ConflictStatusFilter[] = ["open", "accepted_theirs", "kept_ours"];

export default async function ConflictsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("support:view");
  const canRepair = can(user.role, "reconciliation:repair");
  const { status: raw } = await searchParams;
  const status = statuses.find((s) => s === raw) ?? "open";
  const [conflicts, drift, openDrift] = await Promise.all([listConflicts(status), listRecentDrift(), countOpenDrift()]);
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
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">Reconciliation drift</h2>
          {canRepair && <RepairAllDriftButton openCount={openDrift} />}
        </div>
        <DataTable
          caption="Reconciliation drift"
          rows={drift}
          rowKey={(d) => d.id}
          empty="No drift recorded."
          columns={[
            { header: "When", className: "whitespace-nowrap", cell: (d) => <DateText value={d.detectedAt} withTime /> },
            { header: "Kind", cell: (d) => d.kind },
            {
              header: "Invoice",
              className: "font-mono text-xs",
              cell: (d) => (d.invoiceId ? <Link href={`/support/invoices/${d.invoiceId}`} className="text-indigo-700 hover:underline">{d.stripeInvoiceId}</Link> : d.stripeInvoiceId),
            },
            { header: "Local", className: "font-mono text-xs", cell: (d) => d.localValue ?? "—" },
            { header: "Stripe", className: "font-mono text-xs", cell: (d) => d.stripeValue ?? "—" },
            {
              header: "Repair",
              cell: (d) =>
                d.repairedAt ? (
                  <span className="text-xs text-slate-600">by {d.repairedBy} · <DateText value={d.repairedAt} withTime /></span>
                ) : canRepair ? (
                  <RepairDriftButton driftId={d.id} />
                ) : (
                  "open"
                ),
            },
          ]}
        />
      </section>
    </div>
  );
}
