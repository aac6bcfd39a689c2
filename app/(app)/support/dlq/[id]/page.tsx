// Serves /support/dlq/[id]: one failure envelope — payload, reason, stack, attempts, backoff,
// replay lineage, the related invoice's timeline, and the actions the viewer's role allows.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EnvelopeActions } from "@/components/dead-letters/envelope-actions";
import { AttemptList, BackoffSchedule, InvoiceTimelineList, ReplayLineage } from "@/components/dead-letters/envelope-history";
import { StatusBadge } from "@/components/dead-letters/envelope-status-badge";
import { JsonBlock } from "@/components/dead-letters/json-block";
import { PayloadEditor } from "@/components/dead-letters/payload-editor";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { DateText } from "@/components/ui/date-text";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getEnvelopeDetail } from "@/lib/dead-letters/queries";

export const metadata: Metadata = { title: "Dead letter" };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function EnvelopePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("support:view");
  const detail = await getEnvelopeDetail((await params).id);
  if (!detail) notFound();
  const { envelope, replays, tenant, audit, group, attempts, timeline } = detail;

  return (
    <div className="space-y-8">
      <Link href="/support/dlq" className="text-sm text-indigo-700 hover:underline">
        ← All dead letters
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <h1 className="flex items-center gap-3 text-2xl font-semibold">
            <span className="font-mono text-xl">{envelope.jobType}</span> <StatusBadge status={envelope.status} />
          </h1>
          <p className="text-sm text-slate-600">
            {tenant?.name ?? "Unknown tenant"} · failed <DateText value={envelope.failedAt} withTime /> · attempt {envelope.attempt} of {envelope.maxAttempts} · Stripe event{" "}
            <span className="font-mono">{envelope.stripeEventId ?? "—"}</span>
          </p>
          {group && (
            <p className="text-sm">
              Part of an issue with {group.occurrences} failures (<StatusBadge status={group.state} />){" "}
              <Link href={`/support/dlq?group=${group.id}`} className="text-indigo-700 hover:underline">
                see all
              </Link>
            </p>
          )}
        </div>
        <EnvelopeActions envelopeId={envelope.id} status={envelope.status} canReplay={can(user.role, "dlq:replay")} canDiscard={can(user.role, "dlq:discard")} />
      </div>

      <Section title="Failure reason">
        <p className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">{envelope.reason}</p>
        {envelope.stack && (
          <details className="text-xs">
            <summary className="cursor-pointer text-slate-600">Stack trace</summary>
            <pre className="mt-2 max-h-80 overflow-auto rounded bg-slate-950 p-3 text-slate-100">{envelope.stack}</pre>
          </details>
        )}
      </Section>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section title="Payload">
          <JsonBlock value={envelope.payload} label="payload" />
        </Section>
        <Section title="Edit and replay">
          <PayloadEditor envelopeId={envelope.id} original={envelope.payload} canEdit={can(user.role, "dlq:edit-payload") && envelope.status === "open"} canReplay={can(user.role, "dlq:replay")} />
        </Section>
      </div>

      <div className="grid gap-8 lg:grid-cols-2">
        <Section title="Attempts">
          <BackoffSchedule strategy={envelope.backoffStrategy} />
          <AttemptList attempts={attempts} />
        </Section>
        <Section title="Replays">
          <ReplayLineage replays={replays} originalRunId={envelope.runId} />
        </Section>
      </div>

      {timeline && (
        <Section title={`Invoice ${timeline.invoice?.number ?? timeline.stripeInvoiceId}`}>
          {timeline.invoice && (
            <p className="text-sm">
              <StatusBadge status={timeline.invoice.status} />{" "}
              <Link href={`/billing/invoices/${timeline.invoice.id}?tenant=${encodeURIComponent(timeline.invoice.tenantSlug)}`} className="text-indigo-700 hover:underline">
                Open the invoice
              </Link>
            </p>
          )}
          <InvoiceTimelineList entries={timeline.entries} />
        </Section>
      )}

      <Section title="Audit log of this failure">
        <InvoiceHistory events={audit} />
      </Section>
    </div>
  );
}
