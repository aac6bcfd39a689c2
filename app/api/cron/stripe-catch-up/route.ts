// Serves GET /api/cron/stripe-catch-up (Vercel Cron, hourly; see vercel.json): feeds Stripe
// events of the last hours that never reached the webhook inbox. Bearer CRON_SECRET only.
import { runStripeCatchUp } from "@/lib/backfill/catch-up";
import { verifyCronRequest } from "@/lib/backfill/verify-cron-request";
import { errorResponse } from "@/lib/errors/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    verifyCronRequest(request);
    return Response.json(await runStripeCatchUp());
  } catch (error) {
    return errorResponse(error);
  }
}
