// Silent-failure catalog: an inbox row left "dispatched" whose run never finished (the run was
// lost, or the serve endpoint answered without running it). The sweeper hands it over again under
// a new Inngest event id; the apply is idempotent on the Stripe event, so it lands exactly once.
// After a bounded number of hand-overs it becomes a dead letter support can see and replay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeEventSchema, stripeInvoiceSchema } from "@/lib/stripe/schemas";
import { storeInboxEvent } from "@/lib/webhooks/inbox";
import { MAX_INBOX_REDISPATCHES } from "@/lib/webhooks/redispatch-stalled-events";
import { invoiceEvent } from "../dead-letters/helpers";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { runSweeperNow } from "./helpers";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

/** A paid invoice of a known customer, stored and marked handed over two hours ago, with no run. */
async function dispatchedWithoutRun(slug: string) {
  const customer = pipeline.createCustomer(slug);
  await pipeline.settle();
  const event = stripeEventSchema.parse(invoiceEvent({ customer }));
  expect(await storeInboxEvent(event)).toBe(true);
  await pipeline.database.connection.query(
    `UPDATE "webhook_inbox" SET "status" = 'dispatched', "dispatched_at" = now() - interval '2 hours' WHERE "event_id" = $1`,
    [event.id],
  );
  return event;
}

async function auditEventsOf(stripeEventId: string) {
  return pipeline.database.prisma.auditEvent.count({ where: { sourceEventId: stripeEventId } });
}

describe("an inbox row left dispatched with no finished run", () => {
  it("is handed over again and applied exactly once", async () => {
    const event = await dispatchedWithoutRun("lost-run");
    await runSweeperNow(pipeline);
    await pipeline.settle();
    const prisma = pipeline.database.prisma;
    expect(await prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id } })).toMatchObject({ status: "processed" });
    const invoice = stripeInvoiceSchema.parse(event.data.object);
    expect(await prisma.invoice.findUniqueOrThrow({ where: { stripeInvoiceId: invoice.id } })).toMatchObject({ status: "paid", amountPaid: BigInt(1000) });
    expect(await auditEventsOf(event.id)).toBe(1);
    expect(await prisma.failureEnvelope.count({ where: { stripeEventId: event.id } })).toBe(0);
  });

  it("is closed without a second effect when the lost run had applied it already", async () => {
    const event = await dispatchedWithoutRun("lost-after-apply");
    // The run committed its apply, then vanished before closing the inbox entry.
    const invoice = stripeInvoiceSchema.parse(event.data.object);
    await applyStripeInvoice(invoice, { sourceId: event.id, eventType: event.type, created: fromUnixSeconds(event.created) });
    await runSweeperNow(pipeline);
    await pipeline.settle();
    expect(await pipeline.database.prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id } })).toMatchObject({ status: "processed" });
    expect(await auditEventsOf(event.id)).toBe(1);
  });

  it("becomes a visible dead letter once its hand-overs are used up", async () => {
    const event = await dispatchedWithoutRun("never-finishes");
    await pipeline.database.connection.query(`UPDATE "webhook_inbox" SET "redispatch_count" = $2 WHERE "event_id" = $1`, [event.id, MAX_INBOX_REDISPATCHES]);
    await runSweeperNow(pipeline);
    await pipeline.driver.waitForIdle(10_000);
    const prisma = pipeline.database.prisma;
    const row = await prisma.webhookInbox.findUniqueOrThrow({ where: { eventId: event.id } });
    expect(row.status).toBe("failed");
    const envelope = await prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: event.id } });
    expect(envelope).toMatchObject({ status: "open", jobType: "stripe-invoice-paid" });
    expect(envelope.reason).toMatch(/handed to Inngest/i);
    expect(await prisma.dlqAlert.count({ where: { envelopeId: envelope.id } })).toBe(1);
    expect(await auditEventsOf(event.id)).toBe(0);
  });
});
