// Serves GET /api/metrics: Prometheus metrics, for holders of METRICS_TOKEN only.
import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { scrapeMetrics } from "@/lib/observability/scrape";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function GET(request: Request): Promise<Response> {
  const expected = getEnv().METRICS_TOKEN;
  if (!expected) return errorResponse(new AppError("not_found", "Metrics are disabled: set METRICS_TOKEN to enable /api/metrics."));
  const given = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  if (!tokenMatches(given, expected)) return errorResponse(new AppError("unauthenticated", "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`."));
  const { contentType, body } = await scrapeMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
