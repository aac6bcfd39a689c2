// The batch lane through the whole pipeline (webhook route → inbox → Inngest batch run → apply),
// with the lane chosen for every invoice event (BATCH_APPLY_FROM_EVENTS_PER_SECOND=0): each event
// ends applied exactly once as Stripe has it, in fewer runs than events, and an event the batch
// cannot settle is handed back to its own function, which applies it or records its failure
// envelope, as it would have without the lane.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LifecycleOutcome } from "@ledgerline/stripe-simulator";
import type { Prisma } from "@/lib/db/generated/client";
import { buildInvoiceTimeline } from "@/lib/invoices/invoice-timeline";
import { stripeEventBatched } from "@/lib/events/definitions";
import { sendEvents } from "@/lib/events/send-event";
import { TENANT_METADATA_KEY } from "@/lib/customers/tenant-mapping";
import { getWebhookSecret } from "@/lib/stripe/client";
import { stripeEventSchema } from "@/lib/stripe/schemas";
import { metrics } from "@/lib/observability/metrics";
import { localDriverLink } from "@/lib/runtime/local-driver-link";
import { batchAppliedStripeEventTypes } from "@/lib/webhooks/dispatch-lane";
import { deliverStripeEvent, invoiceObject, stripeEvent } from "../fixtures/stripe-events";
import { watchCheckpointPosts } from "../support/checkpoint-posts";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { expectEventsAccountedFor, expectInvoicesMatchStripe } from "../support/pipeline-invariants";

vi.hoisted(() => {
  process.env.BATCH_APPLY_FROM_EVENTS_PER_SECOND = "0";
});

let pipeline: Pipeline;
beforeAll(async () => {
  // A burst as a busy server takes it (the driver holding back), so batches fill as they do
  // under load: with room on the loop the driver runs the hand-backs at once beside the
  // deliveries, which then spread over more batch windows.
  pipeline = await startPipeline({ loopUtilization: () => 1 });
});
afterAll(async () => {
  await pipeline.close();
  delete process.env.BATCH_APPLY_FROM_EVENTS_PER_SECOND;
});

const outcomes: LifecycleOutcome[] = ["pay", "fail", "fail_then_pay", "void", "uncollectible", "open"];

/** Stripe events the pipeline's metrics count as processed, of the types the batch lane applies. */
async function invoiceEventsProcessed(): Promise<number> {
  const { values } = await metrics().eventsProcessed.get();
  return values.filter((value) => batchAppliedStripeEventTypes.has(String(value.labels.type))).reduce((sum, value) => sum + value.value, 0);
}

async function runsOf(functionSuffix: string) {
  return (await pipeline.driver.listRuns()).filter((run) => run.functionId.endsWith(functionSuffix));
}

describe("the batch lane", () => {
  it("applies a burst of invoice events exactly once, as Stripe has them, in fewer runs than events", async () => {
    // A month-end run: the customers are known before their invoices arrive. (An invoice whose
    // customer is not yet known is handed back; how many are depends on how fast the customer's
    // own event is applied, so that case has its own test below.)
    const customers = ["north", "south"].map((tenant) => pipeline.createCustomer(`batch-${tenant}`));
    await pipeline.settle();
    const checkpointed = watchCheckpointPosts(localDriverLink());
    const processedBefore = await invoiceEventsProcessed();
    const results = customers.flatMap((customer) =>
      Array.from({ length: 12 }, (_, i) => pipeline.simulator.simulateInvoiceLifecycle(customer, { outcome: outcomes[i % outcomes.length]!, items: [{ amount: 1000 + i }] })),
    );
    await pipeline.settle(60_000);

    const events = results.flatMap((result) => result.events);
    await expectEventsAccountedFor(pipeline.database.prisma, events.map((event) => event.id));
    await expectInvoicesMatchStripe(pipeline.database.prisma, results.map((result) => result.invoice.id), (id) => pipeline.simulator.store.getInvoice(id));
    const invoiceEvents = events.filter((event) => batchAppliedStripeEventTypes.has(event.type)).length;
    const batchRuns = await runsOf("apply-stripe-event-batch");
    const handedBack = (await pipeline.driver.listRuns()).filter((run) => run.eventExternalId?.endsWith(":batch-hand-back"));
    expect(batchRuns.length).toBeGreaterThan(0);
    expect(batchRuns.every((run) => run.status === "completed")).toBe(true);
    // Most events share a run: the runs the invoice events took are well under one per event.
    expect(batchRuns.length + handedBack.length).toBeLessThan(invoiceEvents / 2);
    // Every invoice event is counted once as processed, under its own type, in a batch or alone.
    expect((await invoiceEventsProcessed()) - processedBefore).toBe(invoiceEvents);
    // A batch run posts no checkpoint: its steps come with its completion, and are its memo.
    const posted = new Set(checkpointed.stop());
    expect(batchRuns.filter((run) => posted.has(run.id))).toEqual([]);
    const memo = await pipeline.database.connection.query<{ run_id: string; name: string; result: { data: { settled: Record<string, string[]> } } }>(
      `SELECT "run_id", "name", "result" FROM "inngest_run_steps" WHERE "run_id" = ANY($1::text[]) ORDER BY "run_id", "position"`,
      [batchRuns.map((run) => run.id)],
    );
    for (const run of batchRuns) {
      const applyBatch = memo.find((step) => step.run_id === run.id);
      expect(applyBatch?.name).toBe("apply-batch");
      // The memo lists the settled events by outcome; the run's output counts them.
      const settledIds = Object.values(applyBatch!.result.data.settled).flat();
      expect(settledIds.length).toBe((run.output as { applied: number }).applied);
    }

    // Support's timeline of an invoice shows the run that applied each of its events, whichever
    // place in its batch the event had.
    const { invoice, events: lifecycle } = results.find((result) => result.events.length >= 3)!;
    const stored = await pipeline.database.prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } });
    const timeline = await buildInvoiceTimeline({ stripeEvent: lifecycle.at(-1) } as unknown as Prisma.JsonValue, stored.tenantId);
    const runEvents = timeline!.entries.filter((entry) => entry.kind === "run").map((entry) => entry.detail.replace(/^.* · event /, ""));
    const applied = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "invoice", entityId: stored.id }, select: { sourceEventId: true } });
    expect(applied.length).toBeGreaterThanOrEqual(2);
    for (const { sourceEventId } of applied) expect(runEvents).toContain(sourceEventId);
  });

  it("hands back the events of a customer it has not seen: their own functions learn the customer from Stripe and apply them", async () => {
    // In Stripe, but its customer.created never delivered: the batch cannot map it to a tenant.
    const customerId = pipeline.simulator.store.seedCustomer({ name: "Unseen", metadata: { [TENANT_METADATA_KEY]: "batch-unseen" } }).id;
    const results = (["pay", "void"] as LifecycleOutcome[]).map((outcome) => pipeline.simulator.simulateInvoiceLifecycle(customerId, { outcome }));
    await pipeline.settle(30_000);

    const events = results.flatMap((result) => result.events);
    await expectEventsAccountedFor(pipeline.database.prisma, events.map((event) => event.id));
    await expectInvoicesMatchStripe(pipeline.database.prisma, results.map((result) => result.invoice.id), (id) => pipeline.simulator.store.getInvoice(id));
    const created = events.find((event) => event.type === "invoice.created")!;
    const handBacks = await pipeline.driver.listRuns({ eventId: `${created.id}:batch-hand-back` });
    expect(handBacks.map((run) => run.status)).toEqual(["completed"]);
    expect(await pipeline.database.prisma.customer.count({ where: { stripeCustomerId: customerId } })).toBe(1);
  });

  it("hands back an event whose customer has no tenant: its own function records the failure envelope", async () => {
    const customerId = pipeline.simulator.store.seedCustomer({ name: "No tenant" }).id;
    const { events } = pipeline.simulator.simulateInvoiceLifecycle(customerId, { outcome: "open" });
    await pipeline.settle(30_000);

    const created = events.find((event) => event.type === "invoice.created")!;
    const envelopes = await pipeline.database.prisma.failureEnvelope.findMany({ where: { stripeEventId: created.id } });
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]).toMatchObject({ jobType: "stripe-invoice-created", status: "open" });
    expect(envelopes[0]!.reason).toMatch(/ledgerline_tenant/);
    expect((await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: created.id } })).status).toBe("failed");
    const handBacks = await pipeline.driver.listRuns({ eventId: `${created.id}:batch-hand-back` });
    expect(handBacks.map((run) => run.status)).toEqual(["failed"]);
  });

  it("hands back an event of an API version it does not read: a dead letter names the version", async () => {
    const customer = pipeline.createCustomer("batch-old-version");
    await pipeline.settle();
    const object = invoiceObject({ customer, status: "draft", created: 1_793_577_600, lines: [{ unitAmount: 900 }] });
    const event = stripeEvent({ type: "invoice.created", object, created: 1_793_577_600, apiVersion: "2019-12-03" });
    expect((await deliverStripeEvent(pipeline.webhookUrl, event, getWebhookSecret())).status).toBe(200);
    await pipeline.settle(30_000);

    const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: event.id as string } });
    expect(envelope.reason).toMatch(/2019-12-03/);
    expect(await pipeline.database.prisma.invoice.count({ where: { stripeInvoiceId: object.id as string } })).toBe(0);
  });

  it("carries no Stripe event in a batch-lane event, and still applies one queued in the older shape that did", async () => {
    const customer = pipeline.createCustomer("batch-shapes");
    await pipeline.settle();
    const object = invoiceObject({ customer, status: "draft", created: 1_793_577_600, lines: [{ unitAmount: 700 }] });
    const event = stripeEvent({ type: "invoice.created", object, created: 1_793_577_600 });
    expect((await deliverStripeEvent(pipeline.webhookUrl, event, getWebhookSecret())).status).toBe(200);
    await pipeline.settle(30_000);
    const [sent] = await pipeline.database.connection.query<{ payload: { data: Record<string, unknown> } }>(
      `SELECT payload FROM "inngest_events" WHERE "external_id" = $1 AND "name" = 'pipeline/stripe-event.batched'`,
      [event.id],
    );
    expect(sent!.payload.data).toEqual({ stripeEventId: event.id, type: "invoice.created" });

    // Queued before a deploy: the whole Stripe event in `data`, its inbox row stored as the route stores it.
    const olderObject = invoiceObject({ customer, status: "draft", created: 1_793_577_600, lines: [{ unitAmount: 800 }] });
    const older = stripeEventSchema.parse(stripeEvent({ type: "invoice.created", object: olderObject, created: 1_793_577_600 }));
    await pipeline.database.prisma.webhookInbox.create({
      data: { eventId: older.id, type: older.type, apiVersion: older.api_version, payload: JSON.parse(JSON.stringify(older)), stripeCreatedAt: new Date(older.created * 1000), status: "dispatched" },
    });
    await sendEvents({ id: older.id, name: stripeEventBatched.name, data: { stripeEvent: older } });
    await pipeline.settle(30_000);
    expect((await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: older.id } })).status).toBe("processed");
    expect(await pipeline.database.prisma.invoice.count({ where: { stripeInvoiceId: olderObject.id as string } })).toBe(1);
  });

  it("names, in the run's output, an event that has no inbox row (never accepted) and applies the rest", async () => {
    await sendEvents({ id: "evt_batchLaneNeverAccepted", name: stripeEventBatched.name, data: { stripeEventId: "evt_batchLaneNeverAccepted", type: "invoice.created" } });
    await pipeline.settle(30_000);
    const [run] = await pipeline.driver.listRuns({ eventId: "evt_batchLaneNeverAccepted" });
    expect(run).toMatchObject({ status: "completed", output: { applied: 0, notInInbox: ["evt_batchLaneNeverAccepted"] } });
  });
});
