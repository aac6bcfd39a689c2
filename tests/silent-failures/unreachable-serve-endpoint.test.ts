// Silent-failure catalog: the serve endpoint unreachable for a while (a proxy answering 502, a
// crashed route). The driver used to spend the runs' attempts on it and give up, leaving the
// events "dispatched" for ever while /api/ready said ok. Now the runs wait without spending
// attempts, readiness turns 503, one "pipeline stalled" alert goes out, and once the endpoint is
// back everything is applied and readiness is ok again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as readyRoute from "@/app/api/ready/route";
import { startPipelineWatch, type PipelineWatch } from "@/lib/observability/pipeline-watch";
import { adoptBackgroundServices } from "@/lib/runtime/services";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";
import { startRouteHost, type RouteHost, type RouteModule } from "../support/route-host";

vi.hoisted(() => {
  // An event not applied within a second counts as stalled (default 300 s).
  process.env.PIPELINE_STALL_SECONDS = "1";
});

let pipeline: Pipeline;
let host: RouteHost;
let watch: PipelineWatch | undefined;
beforeAll(async () => {
  pipeline = await startPipeline();
  adoptBackgroundServices({ driver: pipeline.driver, stop: async () => undefined });
  host = await startRouteHost({ "/api/ready": readyRoute });
});
afterAll(async () => {
  await watch?.stop();
  await host.close();
  await pipeline.close();
});

interface Report {
  status: string;
  checks: Record<string, { status: string; detail?: string }>;
}

async function ready(): Promise<{ status: number; report: Report }> {
  const response = await fetch(host.url("/api/ready"));
  return { status: response.status, report: (await response.json()) as Report };
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const badGateway = () => new Response("Bad gateway", { status: 502, headers: { "content-type": "text/plain" } });
const unreachable: RouteModule = { GET: badGateway, POST: badGateway, PUT: badGateway };

describe("the serve endpoint unreachable for a while", () => {
  it("turns readiness 503, raises one stalled alert, and applies everything once it is back", async () => {
    expect((await ready()).status).toBe(200);
    const customer = pipeline.createCustomer("unreachable-serve");
    await pipeline.settle();

    const serveEndpoint = pipeline.routes["/api/inngest"]!;
    pipeline.routes["/api/inngest"] = unreachable;
    watch = startPipelineWatch({ driver: pipeline.driver, intervalMs: 100 });
    const { invoice, events } = pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay" });
    await pipeline.simulator.waitForDeliveries({ timeoutMs: 10_000 });

    // Failing calls show at once; the events count as stalled once older than the threshold.
    const failing = await eventually(ready, (answer) => answer.status === 503, "readiness during the outage");
    expect(failing.report).toMatchObject({ status: "degraded", ready: false, checks: { "pipeline:serve-endpoint": { status: "degraded" } } });
    const stalled = await eventually(ready, (answer) => answer.report.checks["pipeline:inbox"]?.status === "degraded", "inbox during the outage");
    expect(stalled.status).toBe(503);

    const alerts = await eventually(
      () => pipeline.database.prisma.dlqAlert.findMany({ where: { kind: "stall" } }),
      (found) => found.length > 0 && found[0]!.occurrences > 1,
      "stalled alert",
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toMatch(/stalled/i);
    const inbox = await pipeline.database.prisma.localInboxMessage.findMany({ where: { text: alerts[0]!.text } });
    expect(inbox).toHaveLength(1);
    expect(JSON.stringify(inbox[0]!.body)).toContain("/support");

    pipeline.routes["/api/inngest"] = serveEndpoint;
    await pipeline.settle(30_000);
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect(stored.status).toBe("paid");
    await expectEventsAccountedFor(pipeline.database.prisma, events.map((event) => event.id));
    expect(await pipeline.database.prisma.failureEnvelope.count()).toBe(0);

    const recovered = await eventually(ready, (answer) => answer.status === 200, "readiness after the outage");
    expect(recovered.report.status).toBe("ok");
    expect(await pipeline.database.prisma.dlqAlert.count({ where: { kind: "stall" } })).toBe(1);
  });
});
