// Serves /support/dead-letters/[id]: one failure envelope — payload, reason, stack, attempts, backoff,
// replay lineage, the related invoice's timeline, and the actions the viewer's role allows.
// The header, reason and payload render at once; attempts, replays, the invoice timeline and the
// audit log stream in, each read on its own and in parallel.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { EnvelopeActions } from "@/components/dead-letters/envelope-actions";
import { AttemptList, BackoffSchedule, InvoiceTimelineList, ReplayLineage } from "@/components/dead-letters/envelope-history";
import { StatusBadge } from "@/components/dead-letters/envelope-status-badge";
import { JsonBlock } from "@/components/dead-letters/json-block";
import { PayloadEditor } from "@/components/dead-letters/payload-editor";
import { InvoiceHistory } from "@/components/billing/invoice-history";
import { DateText } from "@/components/ui/date-text";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { buildInvoiceTimeline } from "@/lib/invoices/invoice-timeline";
import { getEnvelopeHeader, listEnvelopeAttempts, listEnvelopeAuditEvents, listEnvelopeReplays } from "@/lib/dead-letters/queries";
import { getIssueOfEnvelope } from "@/lib/dead-letters/issues";
import { moneyAtRiskOfEnvelope } from "@/lib/dead-letters/money-at-risk";
import { MoneyAtRiskText } from "@/components/support/money-at-risk";

export const metadata: Metadata = { title: "Dead letter" };

type Envelope = NonNullable<Awaited<ReturnType<typeof getEnvelopeHeader>>>["envelope"];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="min-w-0 space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Streamed({ label, children }: { label: string; children: ReactNode }) {
  return <Suspense fallback={<SectionSkeleton label={label} rows={3} />}>{children}</Suspense>;
}

async function Attempts({ envelope }: { envelope: Envelope }) {
  return <AttemptList attempts={await listEnvelopeAttempts(envelope.id, envelope.runId)} />;
}

async function Replays({ envelope }: { envelope: Envelope }) {
  return <ReplayLineage replays={await listEnvelopeReplays(envelope.id)} originalRunId={envelope.runId} />;
}

async function InvoiceTimeline({ envelope }: { envelope: Envelope }) {
  const timeline = await buildInvoiceTimeline(envelope.payload, envelope.tenantId);
  if (!timeline) return null;
  return (
    <Section title={`Invoice ${timeline.invoice?.number ?? timeline.stripeInvoiceId}`}>
      {timeline.invoice && (
        <p className="text-sm">
          <StatusBadge status={timeline.invoice.status} />{" "}
          <Link href={`/billing/invoices/${timeline.invoice.id}?tenant=${encodeURIComponent(timeline.invoice.tenantSlug)}`} className="text-indigo-700 underline">
            Open the invoice
          </Link>
        </p>
      )}
      <InvoiceTimelineList entries={timeline.entries} />
    </Section>
  );
}

/** The money this failure holds up, and the issue (root cause) where it is fixed with the others. */
async function CauseAndMoney({ envelopeId }: { envelopeId: string }) {
  const [issue, money] = await Promise.all([getIssueOfEnvelope(envelopeId), moneyAtRiskOfEnvelope(envelopeId)]);
  return (
    <div className="space-y-1 text-sm">
      <p>
        At risk: <MoneyAtRiskText money={money} />
      </p>
      {issue && (
        <p>
          Cause: <Link href={`/support/issues/${issue.id}`} className="font-medium text-indigo-700 underline">{issue.title}</Link> ({issue.unresolved} unresolved, <MoneyAtRiskText money={issue.money} />)
        </p>
      )}
    </div>
  );
}

async function AuditLog({ envelopeId }: { envelopeId: string }) {
  return <InvoiceHistory events={await listEnvelopeAuditEvents(envelopeId)} />;
}

export default async function EnvelopePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("support:view");
  const header = await getEnvelopeHeader((await params).id);
  if (!header) notFound();
  const { envelope, tenant, group } = header;

  return (
    <div className="space-y-8">
      <Link href="/support/dead-letters" className="text-sm text-indigo-700 hover:underline">
        ← All dead letters
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
            <span className="break-all font-mono text-xl">{envelope.jobType}</span> <StatusBadge status={envelope.status} />
          </h1>
          <p className="break-words text-sm text-slate-600">
            {tenant?.name ?? "Unknown tenant"} · failed <DateText value={envelope.failedAt} withTime /> · attempt {envelope.attempt} of {envelope.maxAttempts} · Stripe event{" "}
            <span className="break-all font-mono">{envelope.stripeEventId ?? "—"}</span>
          </p>
          {group && (
            <p className="text-sm">
              Part of an issue with {group.occurrences} failures (<StatusBadge status={group.state} />){" "}
              <Link href={`/support/dead-letters?group=${group.id}`} className="text-indigo-700 underline">
                see all
              </Link>
            </p>
          )}
          <Suspense fallback={null}>
            <CauseAndMoney envelopeId={envelope.id} />
          </Suspense>
        </div>
        <EnvelopeActions envelopeId={envelope.id} status={envelope.status} canReplay={can(user.role, "dlq:replay")} canDiscard={can(user.role, "dlq:discard")} />
      </div>

      <Section title="Failure reason">
        <p className="break-words rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">{envelope.reason}</p>
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
          <Streamed label="Loading the attempts">
            <Attempts envelope={envelope} />
          </Streamed>
        </Section>
        <Section title="Replays">
          <Streamed label="Loading the replays">
            <Replays envelope={envelope} />
          </Streamed>
        </Section>
      </div>

      <Suspense fallback={<SectionSkeleton label="Loading the invoice's timeline" rows={3} />}>
        <InvoiceTimeline envelope={envelope} />
      </Suspense>

      <Section title="Audit log of this failure">
        <Streamed label="Loading the audit log">
          <AuditLog envelopeId={envelope.id} />
        </Streamed>
      </Section>
    </div>
  );
}
