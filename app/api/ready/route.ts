// Serves GET /api/ready: readiness — database, durable execution (and whether the pipeline moves)
// and the Stripe breaker. 503 when the instance cannot do its work or work is stalled; an open
// Stripe breaker alone still serves local data, so it stays 200.
import { checkReadiness } from "@/lib/observability/readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkReadiness();
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
