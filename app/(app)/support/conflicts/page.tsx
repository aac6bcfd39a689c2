// Serves /support/conflicts: Stripe changes held back because of unsynced local changes (?status=),
// and the latest reconciliation drift, repairable from Stripe one invoice at a time or all at once.
// The header renders at once; the conflicts, the drift and the open-drift count stream in parallel.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { EmptyState } from "@/components/ui/empty-state";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { RepairAllDriftButton, RepairDriftButton } from "@/components/reconciliation/repair-drift-buttons";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { listConflicts, type ConflictStatusFilter } from "@/lib/conflicts/queries";
import { countOpenDrift, listRecentDrift } from "@/lib/reconciliation/queries";

export const metadata: Metadata = { title: "Conflicts" };

const statuses: ConflictStatusFilter[] = ["open", "accepted_theirs", "kept_ours"];

async function Conflicts({ status }: { status: ConflictStatusFilter }) {
  const conflicts = await listConflicts(status);
  if (conflicts.length === 0) return <EmptyState>No {status.replace("_", " ")} conflicts.</EmptyState>;
  return (
    <ul className="space-y-2">
      {conflicts.map((c) => (
        <li key={c.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
          <Link href={`/support/conflicts/${c.id}`} className="font-medium text-indigo-700 hover:underline">{c.eventType}</Link>{" "}
          <span className="text-slate-600">ours by {c.localActor} vs {c.stripeActor} · <DateText value={c.detectedAt} withTime /></span>
        </li>
      ))}
    </ul>
  );
}

/** "Repair all", once the open drift is counted. */
async function RepairAll() {
  return <RepairAllDriftButton openCount={await countOpenDrift()} />;
}

async function Drift({ canRepair }: { canRepair: boolean }) {
  const drift = await listRecentDrift();
  return (
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
  );
}

export default async function ConflictsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("support:view");
  const canRepair = can(user.role, "reconciliation:repair");
  const { status: raw } = await searchParams;
  const status = statuses.find((s) => s === raw) ?? "open";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Conflicts</h1>
      <nav aria-label="Filter by status" className="flex flex-wrap gap-3 text-sm">
        {statuses.map((s) => (
          <Link key={s} href={`/support/conflicts?status=${s}`} aria-current={s === status ? "page" : undefined} className={s === status ? "font-semibold text-indigo-700" : "text-slate-600"}>{s.replace("_", " ")}</Link>
        ))}
      </nav>
      <Suspense key={status} fallback={<SectionSkeleton label="Loading conflicts" rows={3} />}>
        <Conflicts status={status} />
      </Suspense>
      <section>
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">Reconciliation drift</h2>
          {canRepair && (
            <Suspense fallback={null}>
              <RepairAll />
            </Suspense>
          )}
        </div>
        <Suspense fallback={<SectionSkeleton label="Loading drift" rows={6} />}>
          <Drift canRepair={canRepair} />
        </Suspense>
      </section>
    </div>
  );
}
