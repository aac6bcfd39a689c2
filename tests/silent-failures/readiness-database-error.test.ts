// Silent-failure catalog: /api/ready with the database failing. Readiness is anonymous, so it used
// to hand anyone the raw database error (hosts, users, SQL); it now answers 503 with a generic
// detail and the real error goes to the log.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as readyRoute from "@/app/api/ready/route";
import { adoptBackgroundServices } from "@/lib/runtime/services";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { startRouteHost, type RouteHost } from "../support/route-host";

const RAW_ERROR = 'password authentication failed for user "ledgerline" at 10.20.30.40:5432 (SELECT secret FROM internal_table)';

let pipeline: Pipeline;
let host: RouteHost;
beforeAll(async () => {
  pipeline = await startPipeline();
  adoptBackgroundServices({ driver: pipeline.driver, stop: async () => undefined });
  host = await startRouteHost({ "/api/ready": readyRoute });
});
afterAll(async () => {
  await host.close();
  await pipeline.close();
});

describe("/api/ready with a database error", () => {
  it("is ready while the database answers", async () => {
    expect((await fetch(host.url("/api/ready"))).status).toBe(200);
  });

  it("answers 503 without the raw error text", async () => {
    const query = vi.spyOn(pipeline.database.connection, "query").mockRejectedValue(new Error(RAW_ERROR));
    try {
      const response = await fetch(host.url("/api/ready"));
      expect(response.status).toBe(503);
      const text = await response.text();
      const report = JSON.parse(text) as { status: string; checks: Record<string, { status: string; detail?: string }> };
      expect(report.status).toBe("down");
      expect(report.checks.database?.status).toBe("down");
      for (const fragment of ["password", "10.20.30.40", "ledgerline\\\"", "internal_table", "SELECT"]) expect(text).not.toContain(fragment);
    } finally {
      query.mockRestore();
    }
  });
});
