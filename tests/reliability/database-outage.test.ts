import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";

let postgres: PrivatePostgres;
let pipeline: Pipeline;
beforeAll(async () => {
  postgres = await startPrivatePostgres();
  // Stripe keeps retrying for longer than the outage lasts.
  pipeline = await startPipeline({ databaseBaseUrl: postgres.url, webhookRetryScheduleMs: [200, 400, 800, 1_600, 3_200, 6_400, 12_800] });
}, 60_000);
afterAll(async () => {
  await pipeline?.close();
  postgres?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("database outage", () => {
  it("loses nothing when PostgreSQL stops mid-run and comes back", async () => {
    const customer = pipeline.createCustomer("outage");
    const before = Array.from({ length: 10 }, () => pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "pay" }));
    await sleep(150);
    postgres.stop();
    // While the database is down, Stripe keeps sending: those deliveries fail and are retried.
    const during = Array.from({ length: 10 }, () => pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: "fail_then_pay" }));
    await sleep(2_500);
    postgres.start();
    await pipeline.settle(90_000);

    const refused = pipeline.simulator.deliveries.filter((d) => !d.ok);
    expect(refused.length).toBeGreaterThan(0); // the outage was real
    const all = [...before, ...during];
    await expectEventsAccountedFor(pipeline.database.prisma, all.flatMap((r) => r.events.map((e) => e.id)));
    for (const { invoice } of all) {
      const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
      expect({ id: invoice.id, status: stored.status }).toEqual({ id: invoice.id, status: "paid" });
    }
  }, 120_000);
});
