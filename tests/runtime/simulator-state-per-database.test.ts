// The simulator the app starts keeps its saved state per database: pointing the app at another
// database must not replay the first database's customers into it, and coming back finds them
// again. Its webhooks are signed with the install's generated secret, which the verifier uses.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installConnection } from "@/lib/db/client";
import { getDatabaseIdentity } from "@/lib/db/database-identity";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { errorResponse } from "@/lib/errors/http";
import type { BackgroundServices } from "@/lib/runtime/background-services";
import { freePort } from "@/scripts/lib/free-port";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createEmptyDatabase } from "../support/test-database";

let dataDir: string;
let host: RouteHost;
const databases: Array<{ connection: SqlConnection; dropDatabase(): Promise<void> }> = [];

/** A webhook endpoint that only verifies: 200 when the signature matches, 400 otherwise. */
const verifyingRoute = {
  async POST(request: Request) {
    try {
      const { verifyStripeWebhook } = await import("@/lib/webhooks/verify-stripe-webhook");
      verifyStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
      return Response.json({ received: true });
    } catch (error) {
      return errorResponse(error);
    }
  },
};

async function newDatabase(): Promise<SqlConnection> {
  const empty = await createEmptyDatabase();
  const connection = openConnection({ databaseUrl: empty.url, pgliteDir: "memory://", poolSize: 2 });
  await migrate(connection);
  databases.push({ connection, dropDatabase: empty.dropDatabase });
  return connection;
}

// Loaded after the environment below is in place: the Inngest client reads it on import.
const runtime = () => import("@/lib/runtime/background-services");

/** Starts the app's background services on `connection`, as a fresh process would. */
async function startOn(connection: SqlConnection): Promise<BackgroundServices> {
  const { startBackgroundServices } = await runtime();
  installConnection(connection);
  (globalThis as Record<symbol, unknown>)[Symbol.for("ledgerline.background-services.started")] = undefined;
  return startBackgroundServices();
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-sim-state-"));
  host = await startRouteHost({ "/api/webhooks/stripe": verifyingRoute });
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("PORT", new URL(host.origin).port);
  vi.stubEnv("STRIPE_SIMULATOR_PORT", String(await freePort()));
  vi.stubEnv("STRIPE_SECRET_KEY", "");
  vi.stubEnv("STRIPE_WEBHOOK_SECRET", "");
  // An Inngest server is configured, so no local driver runs beside the simulator here.
  vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
  vi.stubEnv("INNGEST_BASE_URL", "http://127.0.0.1:9");
  vi.stubEnv("INNGEST_SIGNING_KEY", "signkey-test-0123456789abcdef");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await host.close();
  for (const database of databases) {
    await database.connection.close();
    await database.dropDatabase();
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("simulator state and the database", () => {
  it("keeps one database's simulator customers out of another database", async () => {
    const [first, second] = [await newDatabase(), await newDatabase()];

    const onFirst = await startOn(first);
    const customer = onFirst.simulator!.billing.createCustomer({ name: "Only in the first database", metadata: { ledgerline_tenant: "first-only" } });
    await onFirst.simulator!.waitForDeliveries({ timeoutMs: 10_000 });
    // Signed with the generated secret, verified with the same one.
    expect(onFirst.simulator!.deliveries.map((d) => d.status)).toEqual([200]);
    await onFirst.simulator!.flushState();
    await onFirst.stop();

    const onSecond = await startOn(second);
    expect(onSecond.simulator!.store.getCustomer(customer.id)).toBeUndefined();
    await onSecond.stop();

    const backOnFirst = await startOn(first);
    expect(backOnFirst.simulator!.store.getCustomer(customer.id)).toMatchObject({ name: "Only in the first database" });
    await backOnFirst.stop();
  });

  it("discards a state file that was saved for another database", async () => {
    const [owner, stranger] = [await newDatabase(), await newDatabase()];
    const onOwner = await startOn(owner);
    onOwner.simulator!.store.seedCustomer({ id: "cus_owner_only", name: "Owner only" });
    await onOwner.simulator!.flushState();
    await onOwner.stop();

    // The owner's state file copied over the stranger's (a restored backup, a copied data dir).
    const { simulatorStateFile } = await runtime();
    const ownerFile = simulatorStateFile(dataDir, await getDatabaseIdentity(installConnection(owner)));
    const strangerFile = simulatorStateFile(dataDir, await getDatabaseIdentity(installConnection(stranger)));
    expect(ownerFile).not.toBe(strangerFile);
    fs.copyFileSync(ownerFile, strangerFile);

    const onStranger = await startOn(stranger);
    expect(onStranger.simulator!.store.getCustomer("cus_owner_only")).toBeUndefined();
    await onStranger.stop();
  });
});
