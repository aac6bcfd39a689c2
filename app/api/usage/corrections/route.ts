// Serves POST /api/usage/corrections: amends or voids one recorded increment of the API key's
// tenant (append-only, audited), while its invoice is still a draft. Contract: docs/usage-api.md.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { limitRequest, rateLimitHeaders, tooManyRequests } from "@/lib/rate-limit/limits";
import { correctUsage } from "@/lib/usage/correct-usage";
import { fieldErrors, MAX_SINGLE_BODY_BYTES, parseJson } from "@/lib/usage/parse-usage-request";
import { usageCorrectionSchema } from "@/lib/usage/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  try {
    const principal = await authenticateApiKey(request.headers.get("authorization"));
    const budget = await limitRequest("usageRequests", `${principal.tenantId}:${principal.keyId}`);
    if (!budget.allowed) return tooManyRequests(budget);
    const parsed = usageCorrectionSchema.safeParse(parseJson(await readBodyWithLimit(request, MAX_SINGLE_BODY_BYTES)));
    if (!parsed.success) throw new AppError("invalid_input", "Some fields are not valid.", { fields: fieldErrors(parsed.error) });
    const result = await correctUsage(parsed.data, { tenantId: principal.tenantId, actor: `api_key:${principal.keyId}`, source: "api" });
    return Response.json(result, { status: result.duplicate ? 200 : 201, headers: rateLimitHeaders(budget) });
  } catch (error) {
    return errorResponse(error);
  }
}
