// Serves GET /api/billing/invoices: the billing view's data as JSON (tenant-scoped), polled by the
// page so invoice statuses and the running total update live. Local data only.
import { requireUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { loadBillingView } from "@/lib/billing/billing-view";
import { parseInvoiceCursor } from "@/lib/billing/invoice-cursor";
import { parseInvoiceStatus } from "@/lib/billing/invoice-status";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { limitRequest, tooManyRequests } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const user = await requireUser("billing:view-own");
    const budget = await limitRequest("dashboard", user.id);
    if (!budget.allowed) return tooManyRequests(budget);
    const url = new URL(request.url);
    const scope = await resolveBillingScope(user, url.searchParams.get("tenant") ?? undefined);
    if (!scope.tenant) throw new AppError("not_found", "Choose a tenant.");
    const view = await loadBillingView(scope.tenant.id, { status: parseInvoiceStatus(url.searchParams.get("status") ?? undefined), after: parseInvoiceCursor(url.searchParams.get("after")) });
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
