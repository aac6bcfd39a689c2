// Serves /support/dead-letters: the dead-letter explorer — issues, filters in the URL, the live list of
// failure envelopes (keyset pages) and bulk replay of the filtered slice (support and admins).
// The header renders at once; issues, the filter choices and the list stream in side by side.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { BulkReplayPanel } from "@/components/dead-letters/bulk-replay-panel";
import { DlqFilters } from "@/components/dead-letters/dead-letter-filters";
import { EnvelopeTable } from "@/components/dead-letters/envelope-table";
import { IssueList } from "@/components/support/issue-list";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { describeFilterErrors, filterToQuery, isFiltered, parseDlqFilter, type DlqFilter } from "@/lib/dead-letters/filters";
import { getIssue, listIssues } from "@/lib/dead-letters/issues";
import { listFailureEnvelopes, listKnownJobTypes } from "@/lib/dead-letters/queries";
import { listTenants } from "@/lib/tenants/queries";

export const metadata: Metadata = { title: "Dead letters" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Unresolved issues, most money at risk first. */
async function Issues({ selected }: { selected?: string }) {
  return <IssueList issues={await listIssues({ state: "unresolved", sort: "money", limit: 8 })} selected={selected} empty="No open issues." />;
}

/** The filter form, once the job types and tenants it offers are read. */
async function Filters({ filter, errors }: { filter: Partial<DlqFilter>; errors?: Record<string, string> }) {
  const [jobTypes, tenants] = await Promise.all([listKnownJobTypes(), listTenants()]);
  return <DlqFilters filter={filter} jobTypes={jobTypes} tenants={tenants} errors={errors} />;
}

async function SelectedIssue({ groupId }: { groupId: string }) {
  const issue = await getIssue(groupId);
  if (!issue) return null;
  return (
    <p className="text-sm text-slate-700">
      Showing the issue{" "}
      <Link href={`/support/issues/${issue.id}`} className="break-words font-semibold text-indigo-700 underline">
        {issue.title}
      </Link>{" "}
      ({issue.jobTypes.join(", ")}).{" "}
      <Link href="/support/dead-letters" className="text-indigo-700 underline">Show all</Link>
    </p>
  );
}

async function Envelopes({ filter, after }: { filter: DlqFilter; after?: string }) {
  const page = await listFailureEnvelopes(filter, after);
  const query = filterToQuery(filter);
  return (
    <>
      <EnvelopeTable initial={page} query={filterToQuery(filter, { after })} live={!after} />
      <div className="flex gap-4 text-sm">
        {after && (
          <Link href={`/support/dead-letters?${query}`} className="text-indigo-700 underline">
            ← Newest
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/support/dead-letters?${filterToQuery(filter, { after: page.nextCursor })}`} className="text-indigo-700 underline">
            Older failures →
          </Link>
        )}
      </div>
    </>
  );
}

const filtersSkeleton = <SectionSkeleton label="Loading the filters" rows={2} />;

export default async function DeadLettersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("support:view");
  const parsed = parseDlqFilter(await searchParams);

  if (!parsed.ok) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Dead letters</h1>
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {describeFilterErrors(parsed.errors)}
        </p>
        <Suspense fallback={filtersSkeleton}>
          <Filters filter={{}} errors={parsed.errors} />
        </Suspense>
      </div>
    );
  }

  const { filter, after } = parsed;
  const query = filterToQuery(filter);
  const canReplay = can(user.role, "dlq:replay");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">Dead letters</h1>
          <p className="text-sm text-slate-600">Every job that gave up, newest first. Replay, correct or close it here.</p>
        </div>
        <nav aria-label="Dead letters" className="flex flex-wrap gap-3 text-sm">
          <Link href="/support/dead-letters?status=open" className="text-indigo-700 hover:underline">Open only</Link>
          <Link href="/support/alerts" className="text-indigo-700 hover:underline">Alerts</Link>
          <Link href="/support/reports/dead-letters" className="text-indigo-700 hover:underline">Weekly report</Link>
        </nav>
      </div>

      <section aria-label="Issues" className="space-y-2">
        <h2 className="text-lg font-semibold">Issues by money at risk</h2>
        <Suspense fallback={<SectionSkeleton label="Loading the issues" rows={3} />}>
          <Issues selected={filter.group} />
        </Suspense>
      </section>

      <Suspense fallback={filtersSkeleton}>
        <Filters filter={filter} />
      </Suspense>

      {filter.group && (
        <Suspense fallback={null}>
          <SelectedIssue groupId={filter.group} />
        </Suspense>
      )}

      {canReplay && isFiltered(filter) && <BulkReplayPanel query={query} description={filter.group ? "this issue" : "these filters"} />}

      <Suspense key={filterToQuery(filter, { after })} fallback={<SectionSkeleton label="Loading failures" rows={8} />}>
        <Envelopes filter={filter} after={after} />
      </Suspense>
    </div>
  );
}
