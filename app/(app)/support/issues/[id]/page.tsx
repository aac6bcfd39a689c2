// Serves /support/issues/[id]: one root cause — what is wrong, the money at risk, the job types,
// tenants and invoices it touches — and its fix: map the Stripe customer to a tenant and replay
// everything it blocked, replay all, or (admins) correct every payload at once.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { IssueCorrectionEditor } from "@/components/support/issue-correction-editor";
import { IssueFixPanel } from "@/components/support/issue-fix-panel";
import { IssueStateButtons } from "@/components/support/issue-state-buttons";
import { DateText } from "@/components/ui/date-text";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { getFirstOpenEnvelopeOfIssue, getIssue } from "@/lib/dead-letters/issues";
import { listTenants } from "@/lib/tenants/queries";

export const metadata: Metadata = { title: "Issue" };

export default async function IssuePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("support:view");
  const issue = await getIssue((await params).id);
  if (!issue) notFound();
  const canEdit = can(user.role, "dlq:edit-payload") && issue.kind !== "unmapped_customer";
  const [tenants, correctable] = await Promise.all([listTenants(), canEdit ? getFirstOpenEnvelopeOfIssue(issue.fingerprint) : null]);

  return (
    <div className="space-y-6">
      <Link href="/support" className="text-sm text-indigo-700 hover:underline">
        ← Support home
      </Link>
      <div className="space-y-1">
        <h1 className="break-words text-2xl font-semibold">{issue.title}</h1>
        <p className="text-sm text-slate-600">
          First seen <DateText value={issue.firstSeenAt} withTime /> · last seen <DateText value={issue.lastSeenAt} withTime />
        </p>
        {can(user.role, "dlq:replay") && <IssueStateButtons issueId={issue.id} state={issue.state} />}
      </div>

      <IssueFixPanel initial={issue} tenants={tenants.map((t) => ({ id: t.id, name: t.name }))} canFix={can(user.role, "dlq:replay")} />

      <section className="grid gap-4 text-sm sm:grid-cols-3" aria-label="What this issue touches">
        <div>
          <h2 className="font-semibold">Job types</h2>
          <ul className="font-mono text-xs">{issue.jobTypes.map((j) => <li key={j}>{j}</li>)}</ul>
        </div>
        <div>
          <h2 className="font-semibold">Tenants</h2>
          {issue.tenants.length ? <ul>{issue.tenants.map((t) => <li key={t.id}>{t.name}</li>)}</ul> : <p className="text-slate-600">None known yet.</p>}
        </div>
        <div>
          <h2 className="font-semibold">Invoices ({issue.invoices.length})</h2>
          <ul className="font-mono text-xs">{issue.invoices.slice(0, 20).map((i) => <li key={i}>{i}</li>)}</ul>
        </div>
      </section>

      <p className="text-sm">
        <Link href={`/support/dead-letters?group=${issue.id}`} className="text-indigo-700 underline">
          Every failure of this issue in the explorer
        </Link>
      </p>

      {correctable && (
        <section className="space-y-2" aria-label="Correct every payload">
          <h2 className="text-lg font-semibold">Correct every payload at once</h2>
          <p className="text-sm text-slate-600">Edit this failure&apos;s payload; the same change is applied to every open failure of the issue.</p>
          <IssueCorrectionEditor issueId={issue.id} envelopeId={correctable.id} original={correctable.payload} />
        </section>
      )}
    </div>
  );
}
