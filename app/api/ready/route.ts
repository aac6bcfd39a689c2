// Serves GET /api/ready: readiness — database, durable execution and the Stripe breaker. 503 when
// the instance cannot do its work (a degraded breaker still serves stale data, so it stays 200).
import { checkReadiness } from "@/lib/observability/readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const report = await checkReadiness();
  return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
}
