// Serves GET /api/reports/<report>/csv: the report's table as CSV, with the page's filters and
// the same permission and tenant checks.
import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { parseReportFilters } from "@/lib/reports/filters";
import { reportCsv } from "@/lib/reports/report-csv";
import { isReportName } from "@/lib/reports/report-names";

export async function GET(request: Request, { params }: { params: Promise<{ report: string }> }): Promise<Response> {
  try {
    const { report } = await params;
    if (!isReportName(report)) throw new AppError("not_found", `No report called “${report}”.`);
    const user = await requireUser("reports:view-own");
    const filters = parseReportFilters(Object.fromEntries(new URL(request.url).searchParams));
    const { filename, csv } = await reportCsv(user, report, filters);
    return new Response(csv, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
