// Serves /support/dead-letters/runs/[runId]: one Inngest run and where it came from — the replay and the
// failure envelope that started it — or the envelope it left when it failed.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/dead-letters/envelope-status-badge";
import { DateText } from "@/components/ui/date-text";
import { requirePageUser } from "@/lib/auth/session";
import { getRunOrigin } from "@/lib/dead-letters/queries";

export const metadata: Metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  await requirePageUser("support:view");
  const origin = await getRunOrigin(decodeURIComponent((await params).runId));
  if (!origin) notFound();
  const { run, replay, envelope, failedEnvelope } = origin;
  return (
    <div className="space-y-6">
      <Link href="/support/dead-letters" className="text-sm text-indigo-700 hover:underline">
        ← All dead letters
      </Link>
      <h1 className="text-2xl font-semibold">
        Run <span className="font-mono text-lg">{origin.runId}</span>
      </h1>
      {run ? (
        <dl className="grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
          <div><dt className="text-slate-500">Function</dt><dd className="font-mono">{run.function_id}</dd></div>
          <div><dt className="text-slate-500">Status</dt><dd><StatusBadge status={run.status} /></dd></div>
          <div><dt className="text-slate-500">Started</dt><dd><DateText value={run.created_at} withTime /></dd></div>
          <div><dt className="text-slate-500">Ended</dt><dd><DateText value={run.ended_at} withTime /></dd></div>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">This run is on the Inngest server; its details are in Inngest&apos;s dashboard.</p>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Came from</h2>
        {replay && envelope ? (
          <p className="text-sm">
            Replay #{replay.sequence} (<StatusBadge status={replay.status} />) of the failure{" "}
            <Link href={`/support/dead-letters/${envelope.id}`} className="text-indigo-700 hover:underline">
              {envelope.jobType}: {envelope.reason.slice(0, 100)}
            </Link>
            , sent by {replay.actor}{replay.edited ? " with a corrected payload" : ""}.
          </p>
        ) : (
          <p className="text-sm text-slate-600">A Stripe webhook (not a replay).</p>
        )}
        {failedEnvelope && (
          <p className="text-sm">
            This run gave up and left the failure{" "}
            <Link href={`/support/dead-letters/${failedEnvelope.id}`} className="text-indigo-700 hover:underline">
              {failedEnvelope.reason.slice(0, 100)}
            </Link>{" "}
            (<StatusBadge status={failedEnvelope.status} />).
          </p>
        )}
      </section>
    </div>
  );
}
