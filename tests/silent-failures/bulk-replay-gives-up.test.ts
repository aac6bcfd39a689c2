// Silent-failure catalog: a bulk replay whose own run gives up. Its row said "running" for ever
// and support's progress panel kept polling; now the run's failure stops the bulk visibly, and
// the envelopes it had not reached are still open, to be replayed again.
import { NonRetriableError } from "inngest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBulkReplay } from "@/lib/dead-letters/bulk-replay";
import { db } from "@/lib/db/client";
import { seedEnvelope } from "../dead-letters/helpers";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";

const failing = vi.hoisted(() => ({ plan: false }));

vi.mock("@/lib/dead-letters/bulk-replay", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/dead-letters/bulk-replay")>();
  return {
    ...original,
    planBulkReplay: async (bulkId: string) => {
      if (failing.plan) throw new NonRetriableError("the selection could not be read");
      return original.planBulkReplay(bulkId);
    },
  };
});

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

async function waitForBulk(bulkId: string, status: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const bulk = await db().dlqBulkReplay.findUniqueOrThrow({ where: { id: bulkId } });
    if (bulk.status === status) return bulk;
    if (Date.now() > deadline) throw new Error(`bulk replay still ${bulk.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a bulk replay whose run gives up", () => {
  it("is marked failed, audited, and leaves the envelopes it did not reach open", async () => {
    const envelopes = [];
    for (let i = 0; i < 3; i++) envelopes.push(await seedEnvelope({ reason: `Bulk gives up ${i}`, jobType: "stripe-invoice-voided" }));
    failing.plan = true;
    const { bulkId } = await startBulkReplay({ filter: { jobType: "stripe-invoice-voided" }, actor: "support@ledgerline.test" });
    const bulk = await waitForBulk(bulkId, "failed");
    expect(bulk.finishedAt).not.toBeNull();
    expect(await db().auditEvent.count({ where: { entityId: bulkId, eventType: "dlq_bulk_replay.failed" } })).toBe(1);
    expect(await db().failureEnvelope.count({ where: { id: { in: envelopes }, status: "open" } })).toBe(3);
  });
});
