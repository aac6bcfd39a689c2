// Serves /support/conflicts/[id]: one conflict's field-by-field diff, its actors and the
// accept-theirs / keep-ours decision.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConflictDiff } from "@/components/conflicts/conflict-diff";
import { ResolveConflictButtons } from "@/components/conflicts/resolve-conflict-buttons";
import { DateText } from "@/components/ui/date-text";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getConflict } from "@/lib/conflicts/queries";

export const metadata: Metadata = { title: "Conflict" };

export default async function ConflictPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("support:view");
  const { id } = await params;
  const conflict = await getConflict(id);
  if (!conflict) notFound();
  const theirsStatus = conflict.diff.find((d) => d.field === "status")?.theirs;
  return (
    <div className="space-y-6">
      <Link href="/support/conflicts" className="text-sm text-indigo-700 hover:underline">← Conflicts</Link>
      <h1 className="text-2xl font-semibold">Conflict on <Link href={`/support/invoices/${conflict.invoiceId}`} className="text-indigo-700">{conflict.invoice?.number ?? conflict.invoice?.stripeInvoiceId}</Link></h1>
      <dl className="grid grid-cols-2 gap-2 text-sm">
        <dt className="text-slate-500">Ours</dt><dd>{conflict.localActor}, version {conflict.localVersion}</dd>
        <dt className="text-slate-500">Theirs</dt><dd>{conflict.stripeActor}, {conflict.eventType} ({conflict.stripeEventId})</dd>
        <dt className="text-slate-500">Detected</dt><dd><DateText value={conflict.detectedAt} withTime /></dd>
        <dt className="text-slate-500">Status</dt><dd>{conflict.status}{conflict.resolvedBy ? ` by ${conflict.resolvedBy}` : ""}</dd>
      </dl>
      <ConflictDiff diff={conflict.diff} />
      {conflict.status === "open" && can(user.role, "conflicts:resolve") && (
        <ResolveConflictButtons conflictId={conflict.id} canKeepOurs={!theirsStatus || theirsStatus === "draft"} />
      )}
    </div>
  );
}
