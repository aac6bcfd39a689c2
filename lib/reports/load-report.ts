// One entry point for every report: resolve the reader's scope, then serve the figures from the
// tenant-scoped cache (computing them from the rollups on a miss). Pages, the CSV route and the
// pre-warm cron all go through here, so they share entries and permission checks.
import "server-only";
import { cachedReport, type CachedFigures } from "@/lib/reports/report-cache";
import type { ReportFilters } from "./filters";
import {
  getAgingReport,
  getCollectionsReport,
  getMrrReport,
  getPipelineReport,
  getRevenueReport,
  getTopCustomersReport,
  type AgingReport,
  type CollectionsReport,
  type MrrReport,
  type PipelineReport,
  type RevenueReport,
  type TopCustomersReport,
} from "./queries";
import { ensureInvoiceRollupsBuilt } from "./rebuild-rollups";
import type { ReportName } from "./report-names";
import { resolveReportScope, type ReportScope, type ReportUser } from "./report-scope";

export interface ReportData {
  revenue: RevenueReport;
  mrr: MrrReport;
  collections: CollectionsReport;
  customers: TopCustomersReport;
  aging: AgingReport;
  pipeline: PipelineReport;
}

const loaders: { [R in ReportName]: (scope: string, filters: ReportFilters) => Promise<ReportData[R]> } = {
  revenue: getRevenueReport,
  mrr: getMrrReport,
  collections: getCollectionsReport,
  customers: getTopCustomersReport,
  aging: (scope, filters) => getAgingReport(scope, filters),
  pipeline: getPipelineReport,
};

/** The parameters a report's figures depend on (the cache key beyond scope and report). */
export function reportParams(report: ReportName, filters: ReportFilters): Record<string, string> {
  const currency = filters.currency ?? "auto";
  switch (report) {
    case "aging":
      // Aging is "as of today", whatever the range.
      return { currency, asOf: new Date().toISOString().slice(0, 10) };
    case "pipeline":
      return { from: filters.from, to: filters.to };
    case "mrr":
    case "customers":
      return { from: filters.from.slice(0, 7), to: filters.to.slice(0, 7), currency };
    default:
      return { from: filters.from, to: filters.to, by: filters.by, currency };
  }
}

let rollupsReady = false;

/** The figures of one report for an already resolved scope (the pre-warm cron uses this). */
export async function loadReportFigures<R extends ReportName>(report: R, scopeId: string, filters: ReportFilters): Promise<CachedFigures<ReportData[R]>> {
  return cachedReport({ scope: scopeId, report, params: reportParams(report, filters) }, async () => {
    if (!rollupsReady) rollupsReady = (await ensureInvoiceRollupsBuilt(), true);
    return loaders[report](scopeId, filters);
  });
}

export interface LoadedReport<R extends ReportName> {
  scope: ReportScope;
  figures: CachedFigures<ReportData[R]>;
}

/** Scope check, then cached figures. Throws AppError (403/404) for a scope the user may not read. */
export async function loadReport<R extends ReportName>(user: ReportUser, report: R, filters: ReportFilters, options: { withChoices?: boolean } = {}): Promise<LoadedReport<R>> {
  const scope = await resolveReportScope(user, filters.tenant, options);
  return { scope, figures: await loadReportFigures(report, scope.scopeId, filters) };
}
