// Serves GET /api/support/health: the support home's "is billing healthy?" figures as JSON,
// polled by the page (support only).
import { requireUser } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors/http";
import { getBillingHealth } from "@/lib/support/billing-health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    await requireUser("support:view");
    return Response.json({ health: await getBillingHealth() }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
