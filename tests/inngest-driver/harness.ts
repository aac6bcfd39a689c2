// A test app for the local driver: a fresh database, an Inngest client wired exactly as
// inngest/client.ts wires the app's, its functions served by the route host over HTTP, and the
// real driver with short timings.
import { Inngest, type InngestFunction, type Logger } from "inngest";
import { serve } from "inngest/next";
import { parseEnv } from "@/lib/config/env";
import { withLocalDriver } from "@/lib/inngest-driver/client-options";
import { startLocalDriver, type LocalDriver, type LocalDriverOptions } from "@/lib/inngest-driver/driver";
import { startRouteHost, type RouteHost } from "@/tests/support/route-host";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-database";

export const APP_ID = "driver-test";
export const SERVE_PATH = "/api/inngest";

const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

export function createTestClient(): Inngest {
  return new Inngest(withLocalDriver({ id: APP_ID, logger: silentLogger }, parseEnv({})));
}

export const FAST_DRIVER: Partial<LocalDriverOptions> = {
  pollIntervalMs: 20,
  leaseMs: 2_000,
  backoff: { baseMs: 40, maxMs: 200 },
  onError: () => undefined,
};

export interface Harness {
  database: TestDatabase;
  inngest: Inngest;
  host: RouteHost;
  serveUrl: string;
  driver: LocalDriver;
  startDriver(options?: Partial<LocalDriverOptions>): Promise<LocalDriver>;
  close(): Promise<void>;
}

export async function startHarness(
  defineFunctions: (inngest: Inngest) => InngestFunction.Any[],
  driverOptions: Partial<LocalDriverOptions> = {},
): Promise<Harness> {
  const database = await createTestDatabase();
  const inngest = createTestClient();
  const host = await startRouteHost({ [SERVE_PATH]: serve({ client: inngest, functions: defineFunctions(inngest) }) });
  const serveUrl = host.url(SERVE_PATH);
  const drivers: LocalDriver[] = [];
  const startDriver = async (options: Partial<LocalDriverOptions> = {}) => {
    const driver = await startLocalDriver({ serveUrl, ...FAST_DRIVER, ...driverOptions, ...options });
    drivers.push(driver);
    await driver.ready(10_000);
    return driver;
  };
  const driver = await startDriver();
  return {
    database,
    inngest,
    host,
    serveUrl,
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
