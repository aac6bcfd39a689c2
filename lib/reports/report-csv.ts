// CSV export of a report: the same scope check and cached figures as the page.
import "server-only";
import type { ReportFilters } from "./filters";
import { loadReport } from "./load-report";
import type { ReportName } from "./report-names";
import type { ReportUser } from "./report-scope";
import { reportTable, tableToCsv } from "./report-table";

export async function reportCsv(user: ReportUser, report: ReportName, filters: ReportFilters): Promise<{ filename: string; csv: string }> {
  const { scope, figures } = await loadReport(user, report, filters);
  const data = figures.value;
  const currency = "currency" in data ? data.currency : undefined;
  const who = scope.tenant?.slug ?? "all-tenants";
  return {
    filename: `${report}-${who}-${filters.from}-${filters.to}.csv`,
    csv: tableToCsv(reportTable(report, data), currency),
  };
}
