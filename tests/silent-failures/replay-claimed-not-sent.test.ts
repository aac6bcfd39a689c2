// Silent-failure catalog: the process died between a replay's claim and its send. The claim
// committed (envelope "replayed", replay "sending"), so nobody can replay or close the failure;
// the sweeper owns such replays and sends them, so they end applied — or, if their run is lost,
// the failure opens again with the reason, for support to see and replay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimForReplay, markReplaysSent } from "@/lib/dead-letters/replay-envelopes";
import { db } from "@/lib/db/client";
import { invoiceEvent, seedEnvelope } from "../dead-letters/helpers";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";
import { runSweeperNow } from "./helpers";

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline();
});
afterAll(() => pipeline.close());

const support = "support@ledgerline.test";

/** A dead letter that succeeds when replayed: its customer is known by now. */
async function replayableDeadLetter(slug: string) {
  const customer = pipeline.createCustomer(slug);
  await pipeline.settle();
  const stripeEvent = invoiceEvent({ customer });
  const envelopeId = await seedEnvelope({ stripeEvent, reason: `Stripe customer ${customer} could not be found.` });
  return { envelopeId, stripeEvent };
}

/** What replayEnvelope commits before it sends; the process dies right after. */
async function claimThenDie(envelopeId: string) {
  const [replay] = await db().$transaction((tx) => claimForReplay(tx, [envelopeId], { actor: support }));
  return replay!;
}

describe("a replay whose claim committed before the process died", () => {
  it("is sent by the sweeper once stale, and its run resolves the failure exactly once", async () => {
    const { envelopeId, stripeEvent } = await replayableDeadLetter("replay-crash");
    const replay = await claimThenDie(envelopeId);
    await pipeline.database.connection.query(`UPDATE "dlq_replays" SET "created_at" = now() - interval '10 minutes' WHERE "id" = $1`, [replay.replayId]);
    await runSweeperNow(pipeline);
    await pipeline.settle();
    const prisma = pipeline.database.prisma;
    expect(await prisma.dlqReplay.findUniqueOrThrow({ where: { id: replay.replayId } })).toMatchObject({ status: "succeeded", eventId: replay.eventId });
    expect(await prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelopeId } })).toMatchObject({ status: "resolved" });
    expect(await prisma.auditEvent.count({ where: { entityId: envelopeId, eventType: "failure_envelope.resolved" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { sourceEventId: stripeEvent.id } })).toBe(1);
    expect(await pipeline.driver.listRuns({ eventId: replay.eventId })).toHaveLength(1);
  });

  it("opens the failure again, saying why, when the replay's run never reports back", async () => {
    const { envelopeId } = await replayableDeadLetter("replay-run-lost");
    const replay = await claimThenDie(envelopeId);
    // Inngest accepted the send, but the run was lost: nothing will ever report its outcome.
    await markReplaysSent([replay], ["lost-run"]);
    await pipeline.database.connection.query(
      `UPDATE "dlq_replays" SET "created_at" = now() - interval '2 hours', "sent_at" = now() - interval '2 hours' WHERE "id" = $1`,
      [replay.replayId],
    );
    await runSweeperNow(pipeline);
    const prisma = pipeline.database.prisma;
    expect(await prisma.dlqReplay.findUniqueOrThrow({ where: { id: replay.replayId } })).toMatchObject({ status: "failed" });
    const envelope = await prisma.failureEnvelope.findUniqueOrThrow({ where: { id: envelopeId } });
    expect(envelope.status).toBe("open");
    expect(envelope.reason).toContain("no outcome");
    expect(await prisma.auditEvent.count({ where: { entityId: envelopeId, eventType: "failure_envelope.replay_failed" } })).toBe(1);
  });
});
