// Serves GET /api/support/issues/[id]: one issue's live state — unresolved failures, money at risk,
// state — polled by the issue page while a fix replays (support only).
import { requireUser } from "@/lib/auth/session";
import { getIssue } from "@/lib/dead-letters/issues";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireUser("support:view");
    const issue = await getIssue((await params).id);
    if (!issue) throw new AppError("not_found", "No such issue.");
    return Response.json({ issue }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
