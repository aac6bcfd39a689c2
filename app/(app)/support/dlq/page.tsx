// Serves /support/dlq: the dead-letter explorer — issues, filters in the URL, the live list of
// failure envelopes (keyset pages) and bulk replay of the filtered slice (support and admins).
import type { Metadata } from "next";
import Link from "next/link";
import { BulkReplayPanel } from "@/components/dead-letters/bulk-replay-panel";
import { DlqFilters } from "@/components/dead-letters/dlq-filters";
import { EnvelopeTable } from "@/components/dead-letters/envelope-table";
import { IssueList } from "@/components/dead-letters/issue-list";
import { QueryProvider } from "@/components/providers/query-provider";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { describeFilterErrors, filterToQuery, isFiltered, parseDlqFilter } from "@/lib/dead-letters/filters";
import { getFailureGroup, listFailureEnvelopes, listFailureGroups, listKnownJobTypes } from "@/lib/dead-letters/queries";
import { listTenants } from "@/lib/tenants/queries";

export const metadata: Metadata = { title: "Dead letters" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DeadLettersPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("support:view");
  const params = await searchParams;
  const parsed = parseDlqFilter(params);
  const [jobTypes, tenants, issues] = await Promise.all([listKnownJobTypes(), listTenants(), listFailureGroups({ limit: 8 })]);

  if (!parsed.ok) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Dead letters</h1>
        <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {describeFilterErrors(parsed.errors)}
        </p>
        <DlqFilters filter={{}} jobTypes={jobTypes} tenants={tenants} errors={parsed.errors} />
      </div>
    );
  }

  const { filter, after } = parsed;
  const [page, group] = await Promise.all([listFailureEnvelopes(filter, after), filter.group ? getFailureGroup(filter.group) : null]);
  const query = filterToQuery(filter);
  const canReplay = can(user.role, "dlq:replay");
  const issueRows = issues.map((i) => ({ ...i, firstSeenAt: i.firstSeenAt.toISOString(), lastSeenAt: i.lastSeenAt.toISOString() }));

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Dead letters</h1>
          <p className="text-sm text-slate-600">Every job that gave up, newest first. Replay, correct or close it here.</p>
        </div>
        <nav className="flex gap-3 text-sm">
          <Link href="/support/dlq?status=open" className="text-indigo-700 hover:underline">Open only</Link>
          <Link href="/support/alerts" className="text-indigo-700 hover:underline">Alerts</Link>
          <Link href="/support/reports/dlq" className="text-indigo-700 hover:underline">Weekly report</Link>
        </nav>
      </div>

      <section aria-label="Issues" className="space-y-2">
        <h2 className="text-lg font-semibold">Issues</h2>
        <IssueList issues={issueRows} selected={filter.group} canChange={canReplay} />
      </section>

      <DlqFilters filter={filter} jobTypes={jobTypes} tenants={tenants} />

      {group && (
        <p className="text-sm text-slate-700">
          Showing the issue <strong>{group.sampleReason.slice(0, 120)}</strong> ({group.jobType}).{" "}
          <Link href="/support/dlq" className="text-indigo-700 hover:underline">Show all</Link>
        </p>
      )}

      {canReplay && isFiltered(filter) && <BulkReplayPanel query={query} description={group ? "this issue" : "these filters"} />}

      <QueryProvider>
        <EnvelopeTable initial={page} query={filterToQuery(filter, { after })} live={!after} />
      </QueryProvider>

      <div className="flex gap-4 text-sm">
        {after && (
          <Link href={`/support/dlq?${query}`} className="text-indigo-700 underline">
            ← Newest
          </Link>
        )}
        {page.nextCursor && (
          <Link href={`/support/dlq?${filterToQuery(filter, { after: page.nextCursor })}`} className="text-indigo-700 underline">
            Older failures →
          </Link>
        )}
      </div>
    </div>
  );
}
