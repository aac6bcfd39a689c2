import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import * as readyRoute from "@/app/api/ready/route";
import { adoptBackgroundServices } from "@/lib/runtime/services";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { startRouteHost, type RouteHost } from "../support/route-host";

let pipeline: Pipeline;
let host: RouteHost;
beforeAll(async () => {
  pipeline = await startPipeline();
  host = await startRouteHost({ "/api/ready": readyRoute, "/api/metrics": metricsRoute });
});
afterAll(async () => {
  await host.close();
  await pipeline.close();
});

describe("readiness", () => {
  it("is not ready while this process runs no Inngest driver", async () => {
    const response = await fetch(host.url("/api/ready"));
    expect(response.status).toBe(503);
    const report = (await response.json()) as { checks: Record<string, { status: string }> };
    expect(report.checks.database?.status).toBe("ok");
    expect(report.checks.inngest?.status).toBe("down");
  });

  it("is ready with the database up and the driver synced", async () => {
    adoptBackgroundServices({ driver: pipeline.driver, stop: async () => undefined });
    const response = await fetch(host.url("/api/ready"));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", checks: { database: { status: "ok" }, inngest: { status: "ok" }, "breaker:stripe": { status: "ok", detail: "closed" } } });
  });
});

describe("readiness with Stripe unreachable", () => {
  it("reports degraded (still serving local data) while the Stripe breaker is open", async () => {
    const { stripeGuard } = await import("@/lib/billing-sync/stripe-guard");
    const isolation = stripeGuard().breaker.isolate();
    try {
      const response = await fetch(host.url("/api/ready"));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "degraded", checks: { "breaker:stripe": { status: "degraded", detail: "open" } } });
    } finally {
      isolation.dispose();
    }
  });
});

describe("metrics", () => {
  it("refuses a scrape without the token", async () => {
    expect((await fetch(host.url("/api/metrics"))).status).toBe(401);
    expect((await fetch(host.url("/api/metrics"), { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status).toBe(401);
  });

  it("exposes pipeline counters and queue depths in Prometheus format", async () => {
    pipeline.simulator.simulateInvoiceLifecycle(pipeline.createCustomer("metrics"), { outcome: "pay" });
    await pipeline.settle();
    const response = await fetch(host.url("/api/metrics"), { headers: { authorization: "Bearer test-metrics-token-0123456789" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const body = await response.text();
    expect(body).toMatch(/ledgerline_stripe_events_received_total\{type="invoice.paid",outcome="accepted"\} 1/);
    expect(body).toMatch(/ledgerline_stripe_events_processed_total\{type="invoice.paid",outcome="applied"\} 1/);
    expect(body).toMatch(/ledgerline_queue_depth\{queue="inbox_pending"\} 0/);
    expect(body).toMatch(/ledgerline_run_latency_seconds_count\{job_type="stripe-invoice-paid"\} 1/);
    expect(body).toMatch(/ledgerline_circuit_breaker_open\{breaker="stripe"\} 0/);
  });
});
