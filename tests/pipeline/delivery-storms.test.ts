import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LifecycleOutcome } from "@ledgerline/stripe-simulator";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor, expectInvoicesMatchStripe } from "../support/pipeline-invariants";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());
beforeEach(() => pipeline.simulator.faults.clearWebhookFaults());

const outcomes: LifecycleOutcome[] = ["pay", "fail", "fail_then_pay", "void", "uncollectible", "open"];

function runLifecycles(tenant: string, count: number) {
  const customer = pipeline.createCustomer(tenant);
  return Array.from({ length: count }, (_, i) => pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: outcomes[i % outcomes.length]!, items: [{ amount: 1000 + i }] }));
}

/** Every invoice ends exactly as Stripe has it, and each Stripe event is accounted for once. */
async function expectMatchesStripe(results: ReturnType<typeof runLifecycles>) {
  await expectEventsAccountedFor(pipeline.database.prisma, results.flatMap((r) => r.events.map((e) => e.id)));
  await expectInvoicesMatchStripe(pipeline.database.prisma, results.map((r) => r.invoice.id), (id) => pipeline.simulator.store.getInvoice(id));
}

describe("delivery storms", () => {
  it("applies each event exactly once when every webhook arrives three times at once", async () => {
    pipeline.simulator.faults.setWebhookFaults({ duplicate: { copies: 3 } });
    const results = runLifecycles("duplicates", 12);
    await pipeline.settle();
    const eventIds = results.flatMap((r) => r.events.map((e) => e.id));
    const deliveries = pipeline.simulator.deliveries.filter((d) => eventIds.includes(d.eventId));
    expect(deliveries.length).toBeGreaterThanOrEqual(eventIds.length * 3);
    expect(await pipeline.database.prisma.webhookInbox.count({ where: { eventId: { in: eventIds } } })).toBe(eventIds.length);
    await expectMatchesStripe(results);
  });

  it("ends in Stripe's final state when events arrive in reverse order", async () => {
    pipeline.simulator.faults.setWebhookFaults({ reorder: { batchSize: 200, order: "reverse", flushAfterMs: 100 } });
    const results = runLifecycles("reversed", 12);
    await pipeline.settle();
    await expectMatchesStripe(results);
    const paid = results.find((r) => pipeline.simulator.store.getInvoice(r.invoice.id)?.status === "paid")!;
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: paid.invoice.id } });
    expect(stored.status).toBe("paid");
  });

  it("ends in Stripe's final state when events arrive shuffled and duplicated", async () => {
    pipeline.simulator.faults.setWebhookFaults({ duplicate: { copies: 2 }, reorder: { batchSize: 200, order: "shuffle", flushAfterMs: 100 } });
    const results = runLifecycles("shuffled", 18);
    await pipeline.settle();
    await expectMatchesStripe(results);
  });

  it("keeps events the endpoint answered with an error and applies them on Stripe's retry", async () => {
    pipeline.simulator.faults.setWebhookFaults({ failFirstAttempts: { attempts: 1, status: 503 } });
    const results = runLifecycles("retried-deliveries", 3);
    await pipeline.settle();
    await expectMatchesStripe(results);
  });
});
