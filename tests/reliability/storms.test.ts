import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LifecycleOutcome } from "@ledgerline/stripe-simulator";
import { isHandledStripeEventType } from "@/lib/webhooks/handled-event-types";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor } from "../support/pipeline-invariants";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline({ webhookRetryScheduleMs: [100, 200, 400, 800, 1_600, 3_200] });
}, 60_000);
afterAll(() => pipeline.close());
beforeEach(() => pipeline.simulator.faults.clear());

const outcomes: LifecycleOutcome[] = ["pay", "fail_then_pay", "void", "uncollectible", "open", "fail"];

/** Lifecycles for customers Ledgerline has never heard of, so processing must call Stripe. */
function lifecycles(tenant: string, customers: number, perCustomer: number) {
  const results = [];
  for (let c = 0; c < customers; c++) {
    const customer = pipeline.simulator.store.seedCustomer({ name: `${tenant} ${c}`, metadata: { ledgerline_tenant: tenant } }).id;
    for (let i = 0; i < perCustomer; i++) results.push(pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: outcomes[(c + i) % outcomes.length]!, items: [{ amount: 100 + i }] }));
  }
  return results;
}

/** accepted = applied + dead-lettered; no double effect; every final state is Stripe's. */
async function expectInvariant(results: ReturnType<typeof lifecycles>) {
  const prisma = pipeline.database.prisma;
  const eventIds = results.flatMap((r) => r.events.map((e) => e.id));
  expect(eventIds.length).toBeGreaterThanOrEqual(1_000);
  const failed = await prisma.webhookInbox.findMany({ where: { eventId: { in: eventIds }, status: "failed" }, select: { eventId: true } });
  for (const { eventId } of failed) expect(await prisma.failureEnvelope.count({ where: { stripeEventId: eventId } })).toBe(1);
  const failedIds = new Set(failed.map((f) => f.eventId));
  await expectEventsAccountedFor(prisma, eventIds.filter((id) => !failedIds.has(id)));
  const touchedByFailure = new Set(results.filter((r) => r.events.some((e) => failedIds.has(e.id))).map((r) => r.invoice.id));
  for (const { invoice } of results) {
    if (touchedByFailure.has(invoice.id)) continue; // its state waits for a replay
    const truth = pipeline.simulator.store.getInvoice(invoice.id)!;
    const stored = await prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    expect({ id: invoice.id, status: stored.status, paid: Number(stored.amountPaid) }).toEqual({ id: invoice.id, status: truth.status, paid: truth.amount_paid });
  }
  const handled = eventIds.filter((id) => results.some((r) => r.events.some((e) => e.id === id && isHandledStripeEventType(e.type))));
  return { events: eventIds.length, handled: handled.length, deadLettered: failedIds.size };
}

describe("storms over 1,000+ events", () => {
  it("duplicate storm: every event delivered three times, concurrently", async () => {
    pipeline.simulator.faults.setWebhookFaults({ duplicate: { copies: 3 } });
    const results = lifecycles("dup-storm", 15, 12);
    await pipeline.settle(240_000);
    const figures = await expectInvariant(results);
    expect(figures.deadLettered).toBe(0);
  });

  it("out-of-order storm: batches delivered shuffled, and duplicated", async () => {
    pipeline.simulator.faults.setWebhookFaults({ duplicate: { copies: 2 }, reorder: { batchSize: 100, order: "shuffle", flushAfterMs: 200 } });
    const results = lifecycles("order-storm", 15, 12);
    await pipeline.settle(240_000);
    const figures = await expectInvariant(results);
    expect(figures.deadLettered).toBe(0);
  });

  it("Stripe fault storm: 30% of API calls answer 5xx, 429 or time out; 30% of deliveries fail first", async () => {
    const faults = pipeline.simulator.faults;
    faults.seed(42);
    faults.injectApiFault({ path: "/v1/**", probability: 0.1, fault: { kind: "server_error", status: 503 } });
    faults.injectApiFault({ path: "/v1/**", probability: 0.1, fault: { kind: "rate_limit", retryAfterSeconds: 1 } });
    faults.injectApiFault({ path: "/v1/**", probability: 0.1, fault: { kind: "timeout", holdMs: 2_500 } });
    faults.setWebhookFaults({ failFirstAttempts: { attempts: 1, status: 503, probability: 0.3 } });
    const results = lifecycles("fault-storm", 15, 12);
    await pipeline.settle(280_000);
    await expectInvariant(results);
  });
});
