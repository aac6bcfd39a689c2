// Serves GET /api/health: liveness for the container HEALTHCHECK and load balancers. Answers
// without touching the database, so a database failover does not get healthy processes killed.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
