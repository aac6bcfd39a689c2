// Pre-warming: computes the most requested report combinations (and every report's default view
// of the all-tenants totals) ahead of the people who will ask for them, so the first request
// after an invalidation or an expiry is a cache hit.
import { reportCacheStore } from "@/lib/reports/report-cache";
import { logger } from "@/lib/logging/logger";
import { parseReportFilters, type ReportFilters } from "./filters";
import { loadReportFigures } from "./load-report";
import { ALL_TENANTS, isReportName, reportNames, type ReportName } from "./report-names";

interface Combination {
  report: ReportName;
  scopeId: string;
  filters: ReportFilters;
}

/** Counts a page view of this combination (never fails the page). */
export async function recordReportUse(combination: Combination): Promise<void> {
  await reportCacheStore()
    .recordUse(JSON.stringify(combination))
    .catch(() => undefined);
}

function parseCombination(member: string): Combination | null {
  try {
    const value = JSON.parse(member) as Partial<Combination>;
    if (!value.report || !isReportName(value.report) || typeof value.scopeId !== "string" || !value.filters) return null;
    return { report: value.report, scopeId: value.scopeId, filters: value.filters };
  } catch {
    return null;
  }
}

/** Warms up to `limit` combinations; returns how many were computed (the rest were already fresh). */
export async function prewarmReports(limit = 50): Promise<{ warmed: number; fresh: number; failed: number }> {
  const defaults = reportNames.map((report) => ({ report, scopeId: ALL_TENANTS, filters: parseReportFilters({}) }));
  const popular = (await reportCacheStore().topUses(limit)).map(parseCombination).filter((c): c is Combination => c !== null);
  const seen = new Set<string>();
  const result = { warmed: 0, fresh: 0, failed: 0 };
  for (const c of [...defaults, ...popular]) {
    const id = JSON.stringify(c);
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      const figures = await loadReportFigures(c.report, c.scopeId, c.filters);
      if (figures.source === "cache") result.fresh += 1;
      else result.warmed += 1;
    } catch (error) {
      result.failed += 1;
      logger().warn({ err: error, report: c.report }, "report pre-warm failed");
    }
  }
  return result;
}
