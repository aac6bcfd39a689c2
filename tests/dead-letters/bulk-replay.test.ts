// Bulk replay of a filtered slice: exactly that slice, each envelope once even with two workers
// racing and a batch re-run after a crash, progress counted, nothing for an empty selection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBulkReplay, replayNextBatch, startBulkReplay } from "@/lib/dead-letters/bulk-replay";
import { claimForReplay } from "@/lib/dead-letters/replay-envelopes";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { countingSender, seedEnvelope } from "./helpers";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const base = Date.UTC(2026, 10, 1);
  for (let i = 0; i < 300; i++) await seedEnvelope({ reason: `Stripe answered 500 for cus_${1000 + i}xx`, failedAt: new Date(base + i * 1000) });
  for (let i = 0; i < 20; i++) await seedEnvelope({ reason: "Invoice schema changed", jobType: "stripe-invoice-created", failedAt: new Date(base + i * 1000) });
});
afterAll(() => database.drop());

describe("bulk replay", () => {
  it("replays exactly the selected issue, each envelope once, with two workers racing", async () => {
    // One Stripe outage across 300 customers is one issue.
    const group = await db().failureGroup.findFirstOrThrow({ where: { subject: "http_500" } });
    expect(group.occurrences).toBe(300);
    const { bulkId, total } = await startBulkReplay({ filter: { group: group.id }, actor: "support@ledgerline.test", ratePerSecond: 50, startRun: false });
    expect(total).toBe(300);
    const plan = await planBulkReplay(bulkId);
    expect(plan).toEqual({ batchSize: 50, pauseMs: 1000, batches: 6 });

    const sender = countingSender();
    const progress: number[] = [];
    // Two workers on the same selection (e.g. a retried step beside the original one).
    const worker = async () => {
      for (;;) {
        const p = await replayNextBatch(bulkId, plan.batchSize, sender);
        progress.push(p.processed);
        if (p.done) return p;
      }
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    expect(a.done && b.done).toBe(true);

    const ids = sender.events.map((e) => e.id);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(sender.events.every((e) => e.name === "stripe/invoice.paid" && typeof e.data.replayOf === "string")).toBe(true);
    const bulk = await db().dlqBulkReplay.findUniqueOrThrow({ where: { id: bulkId } });
    expect(bulk).toMatchObject({ status: "done", total: 300, sent: 300, failed: 0 });
    expect(Math.max(...progress)).toBe(300);
    expect(await db().failureEnvelope.count({ where: { jobType: "stripe-invoice-paid", status: "replayed" } })).toBe(300);
    expect(await db().failureEnvelope.count({ where: { jobType: "stripe-invoice-created", status: "open" } })).toBe(20);
    expect(await db().auditEvent.count({ where: { eventType: "failure_envelope.replayed" } })).toBe(300);
  });

  it("reopens envelopes whose send failed; a later replay uses the next event id", async () => {
    const { bulkId } = await startBulkReplay({ filter: { jobType: "stripe-invoice-created" }, actor: "support@ledgerline.test", ratePerSecond: 100, startRun: false });
    const down = countingSender({ failWith: new Error("Inngest unavailable") });
    const first = await replayNextBatch(bulkId, 100, down);
    expect(first).toMatchObject({ failed: 20, sent: 0 });
    // Send failures reopen the envelopes: a new bulk picks them up.
    expect(await db().failureEnvelope.count({ where: { jobType: "stripe-invoice-created", status: "open" } })).toBe(20);
    const retry = await startBulkReplay({ filter: { jobType: "stripe-invoice-created" }, actor: "support@ledgerline.test", ratePerSecond: 100, startRun: false });
    const sender = countingSender();
    await replayNextBatch(retry.bulkId, 100, sender);
    expect(sender.events).toHaveLength(20);
    expect(sender.events.every((e) => e.id.endsWith(":2"))).toBe(true);
  });

  it("re-sends replays a crashed attempt claimed but never sent, under the same event ids", async () => {
    const ids = await Promise.all([0, 1, 2].map(() => seedEnvelope({ reason: "Crash test", jobType: "stripe-invoice-voided" })));
    const { bulkId } = await startBulkReplay({ filter: { jobType: "stripe-invoice-voided" }, actor: "support@ledgerline.test", ratePerSecond: 10, startRun: false });
    // The crashed attempt: claimed (envelopes replayed, replays "sending") two minutes ago, never sent.
    const claimed = await db().$transaction((tx) => claimForReplay(tx, ids, { actor: "support@ledgerline.test", bulkId }));
    await db().dlqReplay.updateMany({ where: { bulkId }, data: { createdAt: new Date(Date.now() - 120_000) } });
    const sender = countingSender();
    const progress = await replayNextBatch(bulkId, 10, sender);
    expect(sender.events.map((e) => e.id).sort()).toEqual(claimed.map((c) => c.eventId).sort());
    expect(progress).toMatchObject({ done: true, sent: 3, failed: 0 });
  });

  it("refuses an empty selection without writing", async () => {
    const before = await db().dlqBulkReplay.count();
    await expect(startBulkReplay({ filter: { jobType: "stripe-nothing" }, actor: "support@ledgerline.test", startRun: false })).rejects.toMatchObject({ code: "conflict" });
    expect(await db().dlqBulkReplay.count()).toBe(before);
  });
});
