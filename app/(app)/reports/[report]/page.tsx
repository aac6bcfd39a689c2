// Serves /reports/<report>: one report (revenue, MRR, failed payments, top customers, aging,
// pipeline) with its chart, table, freshness and CSV link; filters and tenant in the URL.
// The title and tabs render at once; the figures stream in. The view is counted for pre-warming
// after the response is sent.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { after } from "next/server";
import { Suspense } from "react";
import { FreshnessNote, ReportFilterForm, ReportTabs } from "@/components/reports/report-controls";
import { ReportFiguresSkeleton } from "@/components/reports/report-loading";
import { currenciesOf, ReportView } from "@/components/reports/report-views";
import { requirePageUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors/app-error";
import { filtersToQuery, parseReportFilters, type ReportFilters } from "@/lib/reports/filters";
import { loadReportFigures } from "@/lib/reports/load-report";
import { recordReportUse } from "@/lib/reports/prewarm-reports";
import { isReportName, reportTitles, type ReportName } from "@/lib/reports/report-names";
import { resolveReportScope, type ReportScope } from "@/lib/reports/report-scope";

type Params = Promise<{ report: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { report } = await params;
  return { title: isReportName(report) ? `${reportTitles[report]} report` : "Reports" };
}

function Problem({ report, message }: { report: ReportName; message: string }) {
  return (
    <div className="space-y-4">
      <ReportTabs current={report} filters={{}} />
      <p role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-red-800">
        {message}
      </p>
    </div>
  );
}

/** The filter form, freshness, chart and table: everything that needs the figures. */
async function ReportFigures({ report, scope, filters }: { report: ReportName; scope: ReportScope; filters: ReportFilters }) {
  const figures = await loadReportFigures(report, scope.scopeId, filters);
  const query = filtersToQuery(filters);
  return (
    <div className="space-y-5">
      <ReportFilterForm report={report} filters={filters} currencies={currenciesOf(figures.value)} tenants={scope.choices} showGranularity={report === "revenue" || report === "collections"} />
      <FreshnessNote computedAt={figures.computedAt} stale={figures.stale} source={figures.source} csvHref={`/api/reports/${report}/csv${query ? `?${query}` : ""}`} />
      <ReportView report={report} data={figures.value} />
    </div>
  );
}

export default async function ReportPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { report } = await params;
  if (!isReportName(report)) notFound();
  const user = await requirePageUser("reports:view-own");

  let filters: ReportFilters;
  try {
    filters = parseReportFilters(await searchParams);
  } catch (error) {
    if (isAppError(error)) return <Problem report={report} message={error.message} />;
    throw error;
  }
  let scope: ReportScope;
  try {
    scope = await resolveReportScope(user, filters.tenant, { withChoices: true });
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "forbidden")) return <Problem report={report} message={error.message} />;
    throw error;
  }
  // Counting the view is bookkeeping for the pre-warm cron: it never holds up the page.
  after(() => recordReportUse({ report, scopeId: scope.scopeId, filters }));

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">{reportTitles[report]}</h1>
        <p className="text-slate-600">{scope.tenant ? scope.tenant.name : "All tenants"}</p>
      </div>
      <ReportTabs current={report} filters={filters} />
      <Suspense key={filtersToQuery(filters)} fallback={<ReportFiguresSkeleton />}>
        <ReportFigures report={report} scope={scope} filters={filters} />
      </Suspense>
    </div>
  );
}
