// A pipeline server in its own process, for crash tests: the app's webhook route and Inngest
// serve endpoint on PORT, the local driver, and a status route. Started with tsx by the test,
// killed with SIGKILL mid-run, started again on the same database.
import { migrate } from "@/lib/db/migrate";
import { openConnectionWhenFree } from "@/lib/db/connection";
import { installConnection } from "@/lib/db/client";
import { getEnv } from "@/lib/config/env";
import { startLocalInngestDriver } from "@/lib/runtime/local-driver";
import { dispatchPendingStripeEvents } from "@/lib/webhooks/dispatch-stripe-event";
import * as inngestRoute from "@/app/api/inngest/route";
import * as webhookRoute from "@/app/api/webhooks/stripe/route";
import { startRouteHost } from "./route-host";

async function main() {
  const env = getEnv();
  const connection = await openConnectionWhenFree(undefined, 15_000);
  await migrate(connection);
  const prisma = installConnection(connection);
  const status = {
    GET: async () => {
      const [pendingEvents, activeRuns] = await Promise.all([
        prisma.webhookInbox.count({ where: { status: { in: ["received", "dispatched"] } } }),
        prisma.inngestRun.count({ where: { status: { in: ["queued", "running"] } } }),
      ]);
      return Response.json({ pendingEvents, activeRuns });
    },
  };
  const host = await startRouteHost({ "/api/inngest": inngestRoute, "/api/webhooks/stripe": webhookRoute, "/status": status }, { port: env.PORT });
  const driver = await startLocalInngestDriver({ serveUrl: host.url("/api/inngest"), pollIntervalMs: 20, leaseMs: 1_000, backoff: { baseMs: 20, maxMs: 200 }, onError: () => undefined });
  await driver.ready(15_000);
  await dispatchPendingStripeEvents();
  process.stdout.write("ready\n");
  process.on("SIGTERM", () => {
    void driver.stop().then(() => host.close()).then(() => connection.close()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
