// Serves GET /api/support/dead-letters/bulk/:id: a bulk replay's progress, polled by the explorer (support only).
import { requireUser } from "@/lib/auth/session";
import { getBulkReplay } from "@/lib/dead-letters/queries";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    await requireUser("support:view");
    const bulk = await getBulkReplay((await params).id);
    if (!bulk) throw new AppError("not_found", "That bulk replay does not exist.");
    return Response.json(bulk, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
