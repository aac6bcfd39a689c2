// Serves /support/invoices/[id]: one draft invoice with its running lines, usage-line adjustments,
// hold from finalization and its audit history. The next sync pushes every change to Stripe.
// The draft is read first (its running total heads the page, and a missing one is a 404); the
// audit history streams in after it.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { HoldForm, UsageLineForm } from "@/components/invoices/intervention-forms";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { EmptyState } from "@/components/ui/empty-state";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { Money } from "@/components/ui/money";
import { listAuditEventsForEntity } from "@/lib/audit/queries";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDraftForSupport } from "@/lib/invoices/draft-queries";

export const metadata: Metadata = { title: "Draft invoice" };

async function History({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  return <InvoiceHistory events={await listAuditEventsForEntity(tenantId, "invoice", invoiceId)} />;
}

export default async function SupportDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("support:view");
  const { id } = await params;
  const draft = await getDraftForSupport(id);
  if (!draft) notFound();
  const editable = draft.status === "draft" && can(user.role, "billing:intervene");
  return (
    <div className="space-y-6">
      <Link href="/support/invoices" className="text-sm text-indigo-700 hover:underline">← Draft invoices</Link>
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="min-w-0 break-words text-2xl font-semibold">{draft.customer.name} · <span className="break-all">{draft.stripeInvoiceId}</span></h1>
        <div className="text-right text-sm">
          Running total <Money minor={draft.total} currency={draft.currency} className="text-lg font-semibold" /> · version {draft.version} · {draft.status}
          {draft.state?.held && <div className="text-amber-700">On hold: {draft.state.holdReason}</div>}
          {draft.state?.localChangePending && <div className="text-indigo-700">Change by {draft.state.localChangedBy} not yet in Stripe</div>}
        </div>
      </div>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Usage lines</h2>
        {draft.usage.length === 0 && <EmptyState variant="inline">No usage on this invoice.</EmptyState>}
        {draft.usage.map((line) => (
          <div key={line.id} className="flex flex-wrap items-center justify-between gap-3 rounded border border-slate-200 bg-white p-3 text-sm">
            <div className="min-w-0">
              <div className="font-medium">{line.description}</div>
              <div className="text-xs text-slate-500">{line.lineKey} · {line.compiledQuantity} × <Money minor={line.unitAmount} currency={draft.currency} /> · Stripe has {line.syncedQuantity}</div>
            </div>
            {editable && <UsageLineForm invoiceId={draft.id} usageLineId={line.id} quantity={Math.max(0, line.compiledQuantity)} version={draft.version} />}
          </div>
        ))}
      </section>
      {editable && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Finalization</h2>
          <HoldForm invoiceId={draft.id} held={draft.state?.held ?? false} version={draft.version} />
        </section>
      )}
      <section>
        <h2 className="mb-2 text-lg font-semibold">History</h2>
        <Suspense fallback={<SectionSkeleton label="Loading the history" rows={4} />}>
          <History tenantId={draft.tenantId} invoiceId={draft.id} />
        </Suspense>
      </section>
    </div>
  );
}
