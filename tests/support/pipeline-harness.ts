// The whole pipeline for one test file, over real HTTP: a fresh database, the app's own webhook
// route and Inngest serve endpoint (served by the route host), the real local driver, and a
// Stripe simulator that signs and delivers webhooks to that route. Retry delays are scaled down;
// nothing else is faked.
import type { NextRequest } from "next/server";
import Stripe from "stripe";
import type { LocalDriver } from "@ledgerline/inngest-local-driver";
import { startStripeSimulator, type StripeSimulator } from "@ledgerline/stripe-simulator";
import * as inngestRoute from "@/app/api/inngest/route";
import * as webhookRoute from "@/app/api/webhooks/stripe/route";
import { TENANT_METADATA_KEY } from "@/lib/customers/tenant-mapping";
import { startLocalInngestDriver } from "@/lib/runtime/local-driver";
import { localDriverLink } from "@/lib/runtime/local-driver-link";
import { SIMULATOR_SECRET_KEY, getWebhookSecret, setStripe } from "@/lib/stripe/client";
import { startRouteHost, type RouteHost, type RouteModule } from "./route-host";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface Pipeline {
  database: TestDatabase;
  host: RouteHost;
  /** The host's routes by path; a test may swap one (e.g. take the serve endpoint down) and restore it. */
  routes: Record<string, RouteModule>;
  simulator: StripeSimulator;
  driver: LocalDriver;
  webhookUrl: string;
  /** Waits until the simulator has delivered everything and the driver has nothing left to run. */
  settle(timeoutMs?: number): Promise<void>;
  createCustomer(tenantSlug: string, name?: string): string;
  close(): Promise<void>;
}

export interface PipelineOptions {
  retryDelayScale?: number;
  /** A PostgreSQL server to create the test database on (default: DATABASE_URL, else PGlite). */
  databaseBaseUrl?: string;
  webhookRetryScheduleMs?: number[];
  /** The event-loop utilization the driver's burst policy reads (default: measured). */
  loopUtilization?: () => number;
}

export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  // 1 min of a retry policy becomes 60 ms at the default scale.
  process.env.RETRY_DELAY_SCALE = String(options.retryDelayScale ?? 0.001);
  const database = await createTestDatabase(options.databaseBaseUrl);
  const routes: Record<string, RouteModule> = { "/api/inngest": inngestRoute, "/api/webhooks/stripe": webhookRoute };
  const host = await startRouteHost(routes);
  // As in the app, the driver hands its calls to the serve handler in-process (inngest/serve.ts
  // puts it on the link). Here that handler is whichever the host serves, so a test that swaps
  // the route takes the endpoint down for both paths.
  localDriverLink().serveInProcess = async (request) => routes["/api/inngest"]!.POST!(request as unknown as NextRequest, { params: Promise.resolve({}) });
  const webhookUrl = host.url("/api/webhooks/stripe");
  const simulator = await startStripeSimulator({ port: 0, webhookUrl, webhookSecret: getWebhookSecret(), webhookRetryScheduleMs: options.webhookRetryScheduleMs ?? [50, 100, 200, 400] });
  setStripe(new Stripe(SIMULATOR_SECRET_KEY, { host: "127.0.0.1", port: simulator.port, protocol: "http", maxNetworkRetries: 0, timeout: 2_000 }));
  const driver = await startLocalInngestDriver({
    serveUrl: host.url("/api/inngest"),
    pollIntervalMs: 20,
    leaseMs: 3_000,
    backoff: { baseMs: 20, maxMs: 200 },
    ...(options.loopUtilization ? { loopUtilization: options.loopUtilization } : {}),
    onError: () => undefined,
  });
  await driver.ready(10_000);

  const settle = async (timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    // Deliveries start runs and runs call Stripe, which emits more deliveries: loop until both rest.
    for (;;) {
      await simulator.waitForDeliveries({ timeoutMs: Math.max(1, deadline - Date.now()) });
      await driver.waitForIdle(Math.max(1, deadline - Date.now()));
      const pending = await database.prisma.webhookInbox.count({ where: { status: { in: ["received", "dispatched"] } } });
      if (pending === 0) return;
      if (Date.now() > deadline) throw new Error(`${pending} inbox event(s) still pending after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  return {
    database,
    host,
    routes,
    simulator,
    driver,
    webhookUrl,
    settle,
    createCustomer: (tenantSlug, name = `${tenantSlug} customer`) =>
      simulator.billing.createCustomer({ name, email: `${tenantSlug}@example.test`, metadata: { [TENANT_METADATA_KEY]: tenantSlug } }).id,
    async close() {
      await driver.stop({ abandon: true });
      await simulator.close();
      await host.close();
      setStripe(undefined);
      await database.drop();
    },
  };
}
