// Serves GET /api/billing/invoices/[id]: one invoice's live status, amounts and payment link as JSON
// (tenant-scoped; another tenant's id is a 404), polled by the invoice page so a payment shows
// without a reload and Pay now goes away. Local data only.
import { requireUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";
import { toLiveInvoice } from "@/lib/billing/live-invoice";
import { getInvoiceHeaderForTenant } from "@/lib/billing/queries";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { limitRequest, tooManyRequests } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const user = await requireUser("billing:view-own");
    const budget = await limitRequest("dashboard", user.id);
    if (!budget.allowed) return tooManyRequests(budget);
    const [{ id }, url] = [await params, new URL(request.url)];
    const scope = await resolveBillingScope(user, url.searchParams.get("tenant") ?? undefined);
    const invoice = scope.tenant ? await getInvoiceHeaderForTenant(scope.tenant.id, id) : null;
    if (!invoice) throw new AppError("not_found", "No such invoice.");
    return Response.json({ invoice: toLiveInvoice(invoice) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
