// Serves /support: staff overview of the webhook pipeline and dead letters.
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";
import { getPipelineOverview } from "@/lib/support/queries";

export const metadata: Metadata = { title: "Support" };

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString("en-US")}</dd>
    </div>
  );
}

export default async function SupportPage() {
  await requirePageUser("support:view");
  const overview = await getPipelineOverview();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Support overview</h1>
      <section aria-label="Webhook inbox">
        <h2 className="mb-2 text-lg font-semibold">Stripe events</h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
          {(["received", "dispatched", "processed", "ignored", "failed"] as const).map((status) => (
            <Stat key={status} label={status} value={overview.inbox[status] ?? 0} />
          ))}
        </dl>
      </section>
      <section aria-label="Dead letters">
        <h2 className="mb-2 text-lg font-semibold">Dead letters</h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
          {(["open", "replayed", "resolved", "discarded"] as const).map((status) => (
            <Stat key={status} label={status} value={overview.envelopes[status] ?? 0} />
          ))}
        </dl>
      </section>
      <p className="text-sm text-slate-600">
        {overview.tenants} tenants. <Link href="/billing" className="text-indigo-700 underline">Browse a tenant&apos;s billing</Link>.
      </p>
    </div>
  );
}
