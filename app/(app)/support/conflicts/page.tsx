// Serves /support/conflicts: Stripe changes held back because of unsynced local changes (?status=),
// and the latest reconciliation drift.
import type { Metadata } from "next";
import Link from "next/link";
import { DateText } from "@/components/ui/date-text";
import { requirePageUser } from "@/lib/auth/session";
import { listConflicts, listRecentDrift, type ConflictStatusFilter } from "@/lib/reconciliation/queries";

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
      <nav aria-label="Filter by status" className="flex gap-3 text-sm">
        {statuses.map((s) => (
          <Link key={s} href={`/support/conflicts?status=${s}`} className={s === status ? "font-semibold text-indigo-700" : "text-slate-600"}>{s.replace("_", " ")}</Link>
        ))}
      </nav>
      {conflicts.length === 0 ? (
        <p className="text-slate-600">No {status.replace("_", " ")} conflicts.</p>
      ) : (
        <ul className="space-y-2">
          {conflicts.map((c) => (
            <li key={c.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
              <Link href={`/support/conflicts/${c.id}`} className="font-medium text-indigo-700 hover:underline">{c.eventType}</Link>{" "}
              <span className="text-slate-500">ours by {c.localActor} vs {c.stripeActor} · <DateText value={c.detectedAt} withTime /></span>
            </li>
          ))}
        </ul>
      )}
      <section>
        <h2 className="mb-2 text-lg font-semibold">Reconciliation drift</h2>
        {drift.length === 0 ? (
          <p className="text-sm text-slate-500">No drift recorded.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b text-xs uppercase text-slate-500"><tr><th className="py-1">When</th><th>Kind</th><th>Invoice</th><th>Local</th><th>Stripe</th></tr></thead>
            <tbody>
              {drift.map((d) => (
                <tr key={d.id} className="border-b border-slate-100">
                  <td className="py-1"><DateText value={d.detectedAt} withTime /></td>
                  <td>{d.kind}</td>
                  <td><Link href={`/support/invoices/${d.invoiceId}`} className="text-indigo-700">{d.invoiceId.slice(0, 8)}</Link></td>
                  <td className="font-mono text-xs">{d.localValue ?? "—"}</td>
                  <td className="font-mono text-xs">{d.stripeValue ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
