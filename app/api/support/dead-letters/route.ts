// Serves GET /api/support/dead-letters: one page of failure envelopes as JSON, with the explorer's URL
// filters, for the list's live refresh (support only).
import { requireUser } from "@/lib/auth/session";
import { describeFilterErrors, parseDlqFilter } from "@/lib/dead-letters/filters";
import { listFailureEnvelopes } from "@/lib/dead-letters/queries";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { limitRequest, tooManyRequests } from "@/lib/rate-limit/limits";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const user = await requireUser("support:view");
    const budget = await limitRequest("dashboard", user.id);
    if (!budget.allowed) return tooManyRequests(budget);
    const parsed = parseDlqFilter(new URL(request.url).searchParams);
    if (!parsed.ok) throw new AppError("invalid_input", describeFilterErrors(parsed.errors), { fields: parsed.errors });
    return Response.json(await listFailureEnvelopes(parsed.filter, parsed.after), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
