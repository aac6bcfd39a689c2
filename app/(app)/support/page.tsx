// Serves /support: the support home, answering "is billing healthy right now?" (live figures, open
// issues by money at risk, latest alerts, each linking to where it is fixed), then the raw counts
// of the webhook pipeline and dead letters, each streamed from its own query.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { BillingHealthBoard } from "@/components/support/billing-health";
import { FiguresSkeleton, SectionSkeleton } from "@/components/ui/loading-skeleton";
import { getBillingHealth } from "@/lib/support/billing-health";
import { requirePageUser } from "@/lib/auth/session";
import { countEnvelopesByStatus, countInboxByStatus, countTenants } from "@/lib/support/queries";

export const metadata: Metadata = { title: "Support" };

const inboxStatuses = ["received", "dispatched", "processed", "ignored", "failed"] as const;
const envelopeStatuses = ["open", "replayed", "resolved", "discarded"] as const;

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString("en-US")}</dd>
    </div>
  );
}

async function InboxCounts() {
  const counts = await countInboxByStatus();
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
      {inboxStatuses.map((status) => (
        <Stat key={status} label={status} value={counts[status] ?? 0} />
      ))}
    </dl>
  );
}

async function EnvelopeCounts() {
  const counts = await countEnvelopesByStatus();
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {envelopeStatuses.map((status) => (
        <Stat key={status} label={status} value={counts[status] ?? 0} />
      ))}
    </dl>
  );
}

async function Health() {
  return <BillingHealthBoard initial={await getBillingHealth()} />;
}

async function TenantCount() {
  return <>{(await countTenants()).toLocaleString("en-US")} tenants.</>;
}

export default async function SupportPage() {
  await requirePageUser("support:view");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Support overview</h1>
      <Suspense fallback={<SectionSkeleton label="Checking billing health" rows={6} />}>
        <Health />
      </Suspense>
      <section aria-label="Webhook inbox">
        <h2 className="mb-2 text-lg font-semibold">Stripe events</h2>
        <Suspense fallback={<FiguresSkeleton label="Counting Stripe events" count={inboxStatuses.length} />}>
          <InboxCounts />
        </Suspense>
      </section>
      <section aria-label="Dead letters">
        <h2 className="mb-2 text-lg font-semibold">Dead letters</h2>
        <Suspense fallback={<FiguresSkeleton label="Counting dead letters" count={envelopeStatuses.length} />}>
          <EnvelopeCounts />
        </Suspense>
      </section>
      <p className="text-sm text-slate-600">
        <Suspense fallback="…">
          <TenantCount />
        </Suspense>{" "}
        <Link href="/billing" className="text-indigo-700 underline">Browse a tenant&apos;s billing</Link>.
      </p>
    </div>
  );
}
