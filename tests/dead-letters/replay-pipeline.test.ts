// Replays through the whole pipeline (webhook route, local Inngest driver, Stripe simulator):
// success resolves the envelope, failure reopens it, concurrent clicks start one run, edited
// payloads are validated and audited, and admins' retry policies reach new runs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBulkReplay } from "@/lib/dead-letters/bulk-replay";
import { replayEnvelope } from "@/lib/dead-letters/replay-envelopes";
import { saveRetryPolicy } from "@/lib/jobs/retry-policy-store";
import { isAppError } from "@/lib/errors/app-error";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { invoiceEvent, seedEnvelope } from "./helpers";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());
beforeEach(() => pipeline.simulator.faults.clear());

/** A paid invoice whose customer fetch keeps failing: its invoice.paid job is dead-lettered. */
async function deadLetteredPayment(tenant: string) {
  pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/customers/:id", fault: { kind: "server_error", status: 502 } });
  const customerId = pipeline.simulator.store.seedCustomer({ name: tenant, metadata: { ledgerline_tenant: tenant } }).id;
  const { events } = pipeline.simulator.simulateInvoiceLifecycle(customerId, { outcome: "pay" });
  await pipeline.settle(30_000);
  const paid = events.find((e) => e.type === "invoice.paid")!;
  const envelope = await pipeline.database.prisma.failureEnvelope.findFirstOrThrow({ where: { stripeEventId: paid.id } });
  return { envelope, paid };
}

async function auditTypes(envelopeId: string) {
  const rows = await pipeline.database.prisma.auditEvent.findMany({ where: { entityType: "failure_envelope", entityId: envelopeId }, orderBy: { id: "asc" } });
  return rows.map((r) => r.eventType);
}

describe("replaying a dead letter", () => {
  it("re-sends the job, links the run, and resolves the envelope when the run succeeds", async () => {
    const { envelope } = await deadLetteredPayment("replay-ok");
    // Giving up alerted support (the local inbox stands in for Slack here).
    const alert = await pipeline.database.prisma.dlqAlert.findFirstOrThrow({ where: { envelopeId: envelope.id } });
    expect(alert).toMatchObject({ kind: "envelope", channel: "inbox", jobType: "stripe-invoice-paid" });
    expect(alert.deliveredAt).not.toBeNull();
    pipeline.simulator.faults.clear();
    const replay = await replayEnvelope({ envelopeId: envelope.id, actor: "support@ledgerline.test" });
    expect(replay.eventId).toBe(`replay:${envelope.id}:1`);
    await pipeline.settle(30_000);
    const after = await pipeline.database.prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelope.id } });
    expect(after.status).toBe("resolved");
    const stored = await pipeline.database.prisma.dlqReplay.findUniqueOrThrow({ where: { id: replay.replayId } });
    expect(stored.status).toBe("succeeded");
    const runs = await pipeline.driver.listRuns({ eventId: replay.eventId });
    expect(runs).toHaveLength(1);
    expect(stored.runId).toBe(runs[0]!.id);
    expect(await auditTypes(envelope.id)).toEqual(["failure_envelope.created", "failure_envelope.replayed", "failure_envelope.resolved"]);
  });

  it("reopens the same envelope with the new failure when the replayed run gives up", async () => {
    const { envelope } = await deadLetteredPayment("replay-fails");
    pipeline.simulator.faults.clear();
    pipeline.simulator.faults.injectApiFault({ method: "GET", path: "/v1/customers/:id", fault: { kind: "server_error", status: 503 } });
    const replay = await replayEnvelope({ envelopeId: envelope.id, actor: "support@ledgerline.test" });
    await pipeline.settle(30_000);
    const after = await pipeline.database.prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelope.id } });
    expect(after.status).toBe("open");
    expect(after.failedAt.getTime()).toBeGreaterThan(envelope.failedAt.getTime());
    const stored = await pipeline.database.prisma.dlqReplay.findUniqueOrThrow({ where: { id: replay.replayId } });
    expect(stored).toMatchObject({ status: "failed" });
    expect(await pipeline.database.prisma.jobAttempt.count({ where: { runId: stored.runId! } })).toBe(3);
    expect(await pipeline.database.prisma.failureEnvelope.count({ where: { jobId: envelope.jobId } })).toBe(1);
    expect(await auditTypes(envelope.id)).toEqual(["failure_envelope.created", "failure_envelope.replayed", "failure_envelope.replay_failed"]);
    // Open again: it can be replayed again, as replay #2.
    pipeline.simulator.faults.clear();
    const second = await replayEnvelope({ envelopeId: envelope.id, actor: "support@ledgerline.test" });
    expect(second.sequence).toBe(2);
    await pipeline.settle(30_000);
    expect((await pipeline.database.prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelope.id } })).status).toBe("resolved");
  });

  it("starts exactly one run when several agents click replay at once", async () => {
    const { envelope } = await deadLetteredPayment("double-click");
    pipeline.simulator.faults.clear();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => replayEnvelope({ envelopeId: envelope.id, actor: "support@ledgerline.test" })));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(isAppError(r.reason) && r.reason.code).toBe("conflict");
    await pipeline.settle(30_000);
    expect(await pipeline.database.prisma.dlqReplay.count({ where: { envelopeId: envelope.id } })).toBe(1);
    const runs = await pipeline.driver.listRuns({ functionId: "ledgerline-stripe-invoice-paid" });
    expect(runs.filter((r) => r.eventExternalId?.startsWith(`replay:${envelope.id}`))).toHaveLength(1);
  });

  it("replays a corrected payload after validating it, keeping the original and auditing the diff", async () => {
    const { envelope } = await deadLetteredPayment("edited");
    pipeline.simulator.faults.clear();
    const original = envelope.payload as { stripeEvent: { id: string; data: { object: Record<string, unknown> } } };
    const renamed = structuredClone(original);
    renamed.stripeEvent.id = "evt_other";
    await expect(replayEnvelope({ envelopeId: envelope.id, actor: "admin@ledgerline.test", payload: renamed })).rejects.toMatchObject({ code: "invalid_input" });
    const broken = structuredClone(original);
    broken.stripeEvent.data.object.amount_due = -5;
    await expect(replayEnvelope({ envelopeId: envelope.id, actor: "admin@ledgerline.test", payload: broken })).rejects.toMatchObject({ code: "invalid_input" });
    expect((await pipeline.database.prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelope.id } })).status).toBe("open");

    const corrected = structuredClone(original);
    corrected.stripeEvent.data.object.number = "FIXED-1";
    const replay = await replayEnvelope({ envelopeId: envelope.id, actor: "admin@ledgerline.test", payload: corrected });
    await pipeline.settle(30_000);
    const stored = await pipeline.database.prisma.dlqReplay.findUniqueOrThrow({ where: { id: replay.replayId } });
    expect(stored).toMatchObject({ edited: true, status: "succeeded" });
    expect((await pipeline.database.prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelope.id } })).payload).toEqual(original);
    const edit = await pipeline.database.prisma.auditEvent.findFirstOrThrow({ where: { entityId: envelope.id, eventType: "failure_envelope.payload_edited" } });
    expect(edit.actor).toBe("admin@ledgerline.test");
    expect((edit.payload as { diff: { path: string; after: unknown }[] }).diff).toEqual([expect.objectContaining({ path: "stripeEvent.data.object.number", after: "FIXED-1" })]);
  });

  it("applies an admin's retry policy to new runs", async () => {
    await saveRetryPolicy("payment", { maxAttempts: 2, strategy: "exponential", scheduleMs: [1000] }, "admin@ledgerline.test");
    try {
      const { envelope } = await deadLetteredPayment("policy");
      expect(envelope).toMatchObject({ attempt: 2, maxAttempts: 2 });
    } finally {
      await saveRetryPolicy("payment", null, "admin@ledgerline.test");
    }
  });

  it("runs a bulk replay through its Inngest function, paced in batches, one run per envelope", async () => {
    // Invoices of a customer Stripe does not know: every replayed run fails again, for good.
    const ids = await Promise.all([1, 2, 3, 4].map(() => seedEnvelope({ jobType: "stripe-invoice-voided", stripeEvent: invoiceEvent({ type: "invoice.voided", customer: "cus_nobodyknows" }) })));
    const { bulkId, total } = await startBulkReplay({ filter: { jobType: "stripe-invoice-voided" }, actor: "support@ledgerline.test", ratePerSecond: 2 });
    expect(total).toBe(4);
    await pipeline.settle(30_000);
    expect(await pipeline.database.prisma.dlqBulkReplay.findUniqueOrThrow({ where: { id: bulkId } })).toMatchObject({ status: "done", sent: 4, skipped: 0, failed: 0 });
    const [bulkRun] = await pipeline.driver.listRuns({ eventId: `bulk-replay:${bulkId}` });
    expect(bulkRun?.status).toBe("completed");
    for (const id of ids) {
      const replays = await pipeline.database.prisma.dlqReplay.findMany({ where: { envelopeId: id } });
      expect(replays).toEqual([expect.objectContaining({ bulkId, status: "failed", runId: expect.any(String) })]);
      expect(await pipeline.driver.listRuns({ eventId: replays[0]!.eventId })).toHaveLength(1);
      expect((await pipeline.database.prisma.failureEnvelope.findUniqueOrThrow({ where: { id } })).status).toBe("open");
    }
  });
});
