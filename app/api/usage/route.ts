// Serves POST /api/usage: records one billable increment for the API key's tenant (idempotent on
// the client's key). Only the database is written; the compiled sync pushes to Stripe later.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { errorResponse } from "@/lib/errors/http";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { limitRequest, rateLimitHeaders, tooManyRequests } from "@/lib/rate-limit/limits";
import { parseUsageRequest } from "@/lib/usage/parse-usage-request";
import { recordUsage } from "@/lib/usage/record-usage";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const principal = await authenticateApiKey(request.headers.get("authorization"));
    const budget = await limitRequest("api", `${principal.tenantId}:${principal.keyId}`);
    if (!budget.allowed) return tooManyRequests(budget);
    const input = parseUsageRequest(await readBodyWithLimit(request, 16 * 1024));
    const result = await recordUsage(input, { tenantId: principal.tenantId, source: "api", actor: `api_key:${principal.keyId}` });
    return Response.json(result, { status: result.duplicate ? 200 : 201, headers: rateLimitHeaders(budget) });
  } catch (error) {
    return errorResponse(error);
  }
}
