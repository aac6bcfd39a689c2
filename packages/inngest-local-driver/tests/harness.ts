// A test app for the local driver: a fresh database, an Inngest client wired to the driver the way
// the app wires its own (lib/runtime/inngest-client-options.ts), its functions served by the route
// host over HTTP, and the real driver with short timings. The database and route host come from
// the app's test support: the driver's tables are created by the app's migrations.
import { Inngest, type InngestFunction, type Logger } from "inngest";
import { serve } from "inngest/next";
import { startRouteHost, type RouteHost } from "../../../tests/support/route-host";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database";
import { startLocalDriver, type LocalDriver, type LocalDriverOptions } from "../src/driver";
import { callFromRequest, type LocalDriverCall, type LocalDriverLink } from "../src/link";

export const APP_ID = "driver-test";
export const SERVE_PATH = "/api/inngest";
/** Where the client sends events and syncs; its fetch hands them to the driver's event API. */
export const LOCAL_DRIVER_ORIGIN = "http://inngest-driver.invalid";

const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/** Answers a call to the driver's origin through the link, as the app's fetch override does. */
export async function callDriver(link: LocalDriverLink, request: Request): Promise<Response> {
  return handle(link, await callFromRequest(request));
}

function handle(link: LocalDriverLink, call: LocalDriverCall): Promise<Response> {
  if (!link.handleCall) throw new Error("No local driver has started on this link");
  return link.handleCall(call);
}

export function createTestClient(link: LocalDriverLink): Inngest {
  const options = {
    id: APP_ID,
    logger: silentLogger,
    isDev: false,
    baseUrl: LOCAL_DRIVER_ORIGIN,
    eventKey: "local-driver",
    fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      return request.url.startsWith(`${LOCAL_DRIVER_ORIGIN}/`) ? callDriver(link, request) : fetch(request);
    },
  };
  // Read on every request: the driver's key is known once it has started.
  Object.defineProperty(options, "signingKey", { enumerable: true, get: () => link.signingKey });
  return new Inngest(options);
}

export const FAST_DRIVER: Partial<LocalDriverOptions> = {
  pollIntervalMs: 20,
  leaseMs: 2_000,
  backoff: { baseMs: 40, maxMs: 200 },
  onError: () => undefined,
};

export interface Harness {
  database: TestDatabase;
  /** Shared by the client and every driver the test starts, like the app's one link per process. */
  link: LocalDriverLink;
  inngest: Inngest;
  host: RouteHost;
  serveUrl: string;
  /** Calls the serve endpoint has answered so far (Inngest's billable executions); syncs excluded. */
  serveCalls(): number;
  /** Of those, the calls handed to the serve handler in-process (HarnessOptions.serveInProcess). */
  inProcessCalls(): number;
  driver: LocalDriver;
  startDriver(options?: Partial<LocalDriverOptions>): Promise<LocalDriver>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * Put the serve handler on the link, as the app does (inngest/serve.ts): the driver hands it
   * its calls in-process. Off, every call goes over HTTP to the route host.
   */
  serveInProcess?: boolean;
}

export async function startHarness(
  defineFunctions: (inngest: Inngest) => InngestFunction.Any[],
  driverOptions: Partial<LocalDriverOptions> = {},
  harnessOptions: HarnessOptions = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  const link: LocalDriverLink = {};
  const inngest = createTestClient(link);
  const handlers = serve({ client: inngest, functions: defineFunctions(inngest) });
  let serveCalls = 0;
  let inProcessCalls = 0;
  const host = await startRouteHost({
    [SERVE_PATH]: {
      GET: handlers.GET,
      PUT: handlers.PUT,
      POST: (request, context) => {
        serveCalls++;
        return handlers.POST(request, context);
      },
    },
  });
  const serveUrl = host.url(SERVE_PATH);
  if (harnessOptions.serveInProcess) {
    link.serveInProcess = (request) => {
      serveCalls++;
      inProcessCalls++;
      return handlers.POST(request as unknown as Parameters<typeof handlers.POST>[0], undefined);
    };
  }
  const drivers: LocalDriver[] = [];
  const startDriver = async (options: Partial<LocalDriverOptions> = {}) => {
    const driver = await startLocalDriver({ serveUrl, sql: database.connection, link, ...FAST_DRIVER, ...driverOptions, ...options });
    drivers.push(driver);
    await driver.ready(10_000);
    return driver;
  };
  const driver = await startDriver();
  return {
    database,
    link,
    inngest,
    host,
    serveUrl,
    serveCalls: () => serveCalls,
    inProcessCalls: () => inProcessCalls,
    driver,
    startDriver,
    async close() {
      await Promise.all(drivers.map((d) => d.stop({ abandon: true })));
      await host.close();
      await database.drop();
    },
  };
}

/** Polls until `check` holds (for conditions the driver does not report as idle, e.g. cron ticks). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
