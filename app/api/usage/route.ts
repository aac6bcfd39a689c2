// Serves /api/usage. POST records billable increments for the API key's tenant — one increment, or
// a batch of up to 1,000 with a result per item — idempotent on each increment's key. GET reads a
// customer's usage to date (as of the moment of the read). Only the database is touched; the
// compiled sync pushes totals to Stripe later. Contract: docs/usage-api.md.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { limitRequest, rateLimitHeaders, tooManyRequests } from "@/lib/rate-limit/limits";
import { parseUsageRequest } from "@/lib/usage/parse-usage-request";
import { getUsageToDate } from "@/lib/usage/queries";
import { ingestUsage, recordUsage } from "@/lib/usage/record-usage";
import { summarizeBatch } from "@/lib/usage/batch-response";
import { usageTotalsQuerySchema } from "@/lib/usage/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A batch of 1,000 increments fits with room to spare; a single one is far below. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function POST(request: Request): Promise<Response> {
  try {
    const principal = await authenticateApiKey(request.headers.get("authorization"));
    const identity = `${principal.tenantId}:${principal.keyId}`;
    const budget = await limitRequest("usageRequests", identity);
    if (!budget.allowed) return tooManyRequests(budget);
    const parsed = parseUsageRequest(await readBodyWithLimit(request, MAX_BODY_BYTES));
    // The increments it carries are counted apart from the request (a batch is one request).
    const carried = await limitRequest("usageIncrements", identity, parsed.form === "single" ? 1 : parsed.items.length);
    if (!carried.allowed) return tooManyRequests(carried, "This key sent more usage increments than its budget allows.");
    const by = { tenantId: principal.tenantId, source: "api" as const, actor: `api_key:${principal.keyId}` };
    if (parsed.form === "single") {
      const result = await recordUsage(parsed.input, by);
      return Response.json({ status: result.duplicate ? "duplicate" : "recorded", ...result }, { status: result.duplicate ? 200 : 201, headers: rateLimitHeaders(budget) });
    }
    const valid = parsed.items.flatMap((item) => (item.ok ? [item.input] : []));
    const outcomes = await ingestUsage(valid, by);
    return Response.json(summarizeBatch(parsed.items, outcomes), { status: 200, headers: rateLimitHeaders(budget) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function GET(request: Request): Promise<Response> {
  try {
    const principal = await authenticateApiKey(request.headers.get("authorization"));
    const budget = await limitRequest("usageRequests", `${principal.tenantId}:${principal.keyId}`);
    if (!budget.allowed) return tooManyRequests(budget);
    const query = usageTotalsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("invalid_input", "Name the customer: /api/usage?customer=cus_…");
    return Response.json(await getUsageToDate(principal.tenantId, query.data.customer), { headers: rateLimitHeaders(budget) });
  } catch (error) {
    return errorResponse(error);
  }
}
