// Readiness names work the local driver has not picked up: due runs, events not fanned out, and
// events stuck in an open batch (a batch starts within its timeout, at most a minute), so a batch
// that never starts is a 503 and an alert, not a silent wait.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPipeline } from "@/lib/observability/pipeline-health";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("the local driver's backlog in readiness", () => {
  it("is ok with nothing waiting, and degraded by an event stuck in an open batch", async () => {
    expect((await checkPipeline({ localDriver: true, stallSeconds: 60 }))["pipeline:driver"]).toEqual({ status: "ok" });

    // Fanned out ten minutes ago: no longer pending, waiting in its batch.
    await database.prisma.$executeRaw`
      INSERT INTO inngest_events (id, name, payload, received_at)
      VALUES ('evt-batched', 'pipeline/stripe-event.batched', '{}'::jsonb, now() - interval '10 minutes')`;
    await database.prisma.$executeRaw`DELETE FROM inngest_pending_events WHERE event_id = 'evt-batched'`;
    await database.prisma.$executeRaw`
      INSERT INTO inngest_batch_events (function_id, batch_key, event_id, sequence, added_at)
      VALUES ('ledgerline-apply-stripe-event-batch', '', 'evt-batched', 1, now() - interval '10 minutes')`;

    const check = (await checkPipeline({ localDriver: true, stallSeconds: 60 }))["pipeline:driver"];
    expect(check?.status).toBe("degraded");
    expect(check?.detail).toMatch(/1 event\(s\) \(1 waiting in an open batch\) due for more than 60 s/);
  });

  it("is degraded by an event stored longer ago than the threshold and not fanned out", async () => {
    await database.prisma.$executeRaw`DELETE FROM inngest_batch_events`;
    // Received just now: still within the threshold.
    await database.prisma.$executeRaw`
      INSERT INTO inngest_events (id, name, payload) VALUES ('evt-fresh', 'pipeline/stripe-event.batched', '{}'::jsonb)`;
    expect((await checkPipeline({ localDriver: true, stallSeconds: 60 }))["pipeline:driver"]).toEqual({ status: "ok" });

    await database.prisma.$executeRaw`
      INSERT INTO inngest_events (id, name, payload, received_at)
      VALUES ('evt-stuck', 'pipeline/stripe-event.batched', '{}'::jsonb, now() - interval '10 minutes')`;
    const check = (await checkPipeline({ localDriver: true, stallSeconds: 60 }))["pipeline:driver"];
    expect(check?.status).toBe("degraded");
    expect(check?.detail).toMatch(/^0 run\(s\) and 1 event\(s\) due for more than 60 s/);
  });
});
