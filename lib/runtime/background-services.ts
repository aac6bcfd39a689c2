// What runs beside the web server in the same process, started once from instrumentation.ts:
// the local Stripe simulator (without Stripe keys) and its demo activity (demo mode), the local
// Inngest driver (without an Inngest server), a first sweep of the webhook inbox, and the pipeline
// watch that raises the "pipeline stalled" alert.
//
// The one door to the emulators (packages/stripe-simulator, packages/inngest-local-driver): they
// are loaded with dynamic imports only, here and in local-driver.ts, so they land in the
// instrumentation bundle and in no route's. Elsewhere they are reached through the link
// (local-driver-link.ts) and services.ts.
import path from "node:path";
import type { LocalDriver } from "@ledgerline/inngest-local-driver";
import type { DemoActivity, StripeSimulator } from "@ledgerline/stripe-simulator";
import { getEnv } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { getDatabaseIdentity } from "@/lib/db/database-identity";
import { STRIPE_API_VERSION } from "@/lib/stripe/api-version";
import { getWebhookSecret } from "@/lib/stripe/client";
import { startPipelineWatch, type PipelineWatch } from "@/lib/observability/pipeline-watch";
import { dispatchPendingStripeEvents } from "@/lib/webhooks/dispatch-stripe-event";
import { inngestServeOrigin, isLocalDriverEnabled } from "./inngest-client-options";
import { attachEventApi, startLocalInngestDriver } from "./local-driver";
import { mirrorDatabaseIntoSimulator } from "./mirror-into-simulator";
import { adoptBackgroundServices, type RunningServices } from "./services";

export interface BackgroundServices extends RunningServices {
  simulator?: StripeSimulator;
  demoActivity?: DemoActivity;
  driver?: LocalDriver;
  pipelineWatch?: PipelineWatch;
}

const UNMAPPED_DEMO_CUSTOMER = "cus_demo_unmapped";

const key = Symbol.for("ledgerline.background-services.started");
type GlobalWithServices = typeof globalThis & { [key]?: Promise<BackgroundServices> };

/**
 * For a server or tool that runs no background services: its sends are still stored, for a driver
 * elsewhere on the same database. Nothing to do with an Inngest server configured.
 */
export async function attachLocalEventApi(): Promise<void> {
  if (isLocalDriverEnabled(getEnv())) await attachEventApi();
}

function log(message: string, error?: unknown) {
  const detail = error instanceof Error ? `: ${error.message}` : "";
  console.log(`[ledgerline] ${message}${detail}`);
}

async function start(): Promise<BackgroundServices> {
  const env = getEnv();
  const localOrigin = `http://127.0.0.1:${env.PORT}`;
  const services: BackgroundServices = {
    async stop() {
      services.demoActivity?.stop();
      await services.pipelineWatch?.stop();
      await services.driver?.stop();
      await services.simulator?.close();
    },
  };

  if (!env.STRIPE_SECRET_KEY) {
    const databaseId = await getDatabaseIdentity(db());
    const { startStripeSimulator } = await import("@ledgerline/stripe-simulator");
    services.simulator = await startStripeSimulator({
      port: env.STRIPE_SIMULATOR_PORT,
      webhookUrl: `${localOrigin}/api/webhooks/stripe`,
      // The secret the webhook route verifies with: generated per install unless one is set.
      webhookSecret: getWebhookSecret(),
      // Its events carry the API version Ledgerline reads, as a real endpoint pinned by stripe:setup does.
      apiVersion: STRIPE_API_VERSION,
      stateFile: simulatorStateFile(env.DATA_DIR, databaseId),
      stateOwner: databaseId,
      log: (message) => log(message),
    });
    const mirrored = await mirrorDatabaseIntoSimulator(db(), services.simulator);
    log(`Stripe simulator on ${services.simulator.url} (${mirrored.customers} customers and ${mirrored.invoices} invoices mirrored from the database)`);
  }

  if (isLocalDriverEnabled(env)) {
    // The serve endpoint's registered origin and the driver's own are one (INNGEST_SERVE_ORIGIN, else this process).
    services.driver = await startLocalInngestDriver({ serveUrl: `${inngestServeOrigin(env)}/api/inngest`, onError: (error, context) => log(`local Inngest driver (${context})`, error) });
    // The serve endpoint answers once the server listens; sync retries until then.
    services.driver.ready(60_000).then(
      () => log("local Inngest driver ready"),
      (error: unknown) => log("local Inngest driver could not sync with /api/inngest", error),
    );
  }

  // In-process rather than an Inngest cron: a stalled driver would never run the cron that should report it.
  services.pipelineWatch = startPipelineWatch({ driver: services.driver });

  // Events accepted before a crash but never handed over: dispatch them now.
  setTimeout(() => {
    dispatchPendingStripeEvents().then(
      (result) => result.pending > 0 && log(`dispatched ${result.sent} pending Stripe event(s), ${result.failed} failed`),
      (error: unknown) => log("inbox sweep failed", error),
    );
  }, 1_000).unref();

  if (env.demoMode && services.simulator) {
    // A Stripe customer nobody assigned to a tenant: its invoices fail for good, so the demo's
    // dead-letter explorer always has real failures to look at.
    if (!services.simulator.store.getCustomer(UNMAPPED_DEMO_CUSTOMER)) {
      services.simulator.store.seedCustomer({ id: UNMAPPED_DEMO_CUSTOMER, name: "Unmapped Ltd", email: "billing@unmapped.test" });
    }
    const { startDemoActivity } = await import("@ledgerline/stripe-simulator");
    services.demoActivity = startDemoActivity(services.simulator, { intervalMs: 10_000, onError: (error) => log("demo activity", error) });
  }
  return services;
}

/**
 * The simulator's saved state belongs to one database: kept per database id, so another
 * DATABASE_URL (or PGlite directory) starts from its own state, never the first database's.
 */
export function simulatorStateFile(dataDir: string, databaseId: string): string {
  return path.resolve(dataDir, `stripe-simulator-${databaseId}.json`);
}

/** Starts the services once per process (Next may evaluate instrumentation in several bundles). */
export function startBackgroundServices(): Promise<BackgroundServices> {
  const g = globalThis as GlobalWithServices;
  if (!g[key]) {
    g[key] = start();
    adoptBackgroundServices(g[key]);
  }
  return g[key];
}
