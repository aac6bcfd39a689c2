// Replay bookkeeping without the pipeline: outcomes reported out of order, issues reopened by new
// failures, closing rules, and the dry run's verdicts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { closeEnvelope } from "@/lib/dead-letters/close-envelope";
import { dryRunReplay } from "@/lib/dead-letters/dry-run-replay";
import { setFailureGroupState } from "@/lib/dead-letters/failure-groups";
import { markReplaySucceeded, recordReplayFailure } from "@/lib/dead-letters/replay-outcome";
import { claimForReplay, markReplaysUnsent } from "@/lib/dead-letters/replay-envelopes";
import { db } from "@/lib/db/client";
import { retryPolicyFor } from "@/lib/jobs/retry-policies";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { createTenant, invoiceEvent, seedEnvelope } from "./helpers";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const claim = (id: string) => db().$transaction((tx) => claimForReplay(tx, [id], { actor: "support@ledgerline.test" }));
const failure = (runId: string) => ({ runId, reason: "Still broken", stack: null, attempt: 3, policy: retryPolicyFor("payment"), actor: "system:test" });

describe("replay outcomes", () => {
  it("does not reopen a failure when an older replay's run fails after a newer replay started", async () => {
    const id = await seedEnvelope();
    const [first] = await claim(id);
    await markReplaysUnsent([first!], "send timed out", "support@ledgerline.test");
    const [second] = await claim(id);
    expect(second!.sequence).toBe(2);
    // The first send did reach Inngest after all, and its run fails now.
    expect(await recordReplayFailure({ replayOf: id, replayId: first!.replayId }, failure("run-1"))).toEqual({ id, created: false });
    expect((await db().failureEnvelope.findUniqueOrThrow({ where: { id } })).status).toBe("replayed");
    await markReplaySucceeded({ replayOf: id, replayId: second!.replayId }, "run-2", "system:test");
    await markReplaySucceeded({ replayOf: id, replayId: second!.replayId }, "run-2", "system:test");
    expect((await db().failureEnvelope.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");
    expect(await db().auditEvent.count({ where: { entityId: id, eventType: "failure_envelope.resolved" } })).toBe(1);
  });

  it("reopens the failure with the new reason once, however often the failure is reported", async () => {
    const id = await seedEnvelope({ reason: "First reason" });
    const [replay] = await claim(id);
    const marker = { replayOf: id, replayId: replay!.replayId };
    expect(await recordReplayFailure(marker, failure("run-x"))).toEqual({ id, created: true });
    expect(await recordReplayFailure(marker, failure("run-x"))).toEqual({ id, created: false });
    expect(await db().failureEnvelope.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "open", reason: "Still broken" });
    expect(await db().dlqReplay.findUniqueOrThrow({ where: { id: replay!.replayId } })).toMatchObject({ status: "failed", runId: "run-x" });
  });
});

describe("issues", () => {
  it("reopens a resolved issue when the same failure happens again", async () => {
    await seedEnvelope({ reason: "Webhook for cus_1234abcd arrived late", jobType: "stripe-customer-updated" });
    const group = await db().failureGroup.findFirstOrThrow({ where: { reasonKey: "webhook for <id> arrived late" } });
    await setFailureGroupState(group.id, "resolved", "support@ledgerline.test", "fixed the mapping");
    // The same cause met by another job type: the same issue.
    await seedEnvelope({ reason: "Webhook for cus_9999zzzz arrived late", jobType: "stripe-customer-created" });
    expect(await db().failureGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ state: "open", occurrences: 2 });
    const audit = await db().auditEvent.findMany({ where: { entityId: group.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.eventType)).toEqual(["failure_group.resolved", "failure_group.reopened"]);
  });
});

describe("closing", () => {
  it("needs an open failure", async () => {
    const id = await seedEnvelope();
    await closeEnvelope({ envelopeId: id, action: "discard", reason: "test data", actor: "admin@ledgerline.test" });
    await expect(closeEnvelope({ envelopeId: id, action: "resolve", reason: "again", actor: "support@ledgerline.test" })).rejects.toMatchObject({ code: "conflict" });
    expect(await claim(id)).toEqual([]);
  });
});

describe("dry run", () => {
  it("tells what a replay would change, and when it would change nothing", async () => {
    const tenantId = await createTenant("dry");
    const customer = await db().customer.create({ data: { tenantId, stripeCustomerId: "cus_dryrun", name: "Dry" } });
    const event = invoiceEvent({ customer: "cus_dryrun", invoiceId: "in_dryrun", amountDue: 1000 });
    const invoice = await db().invoice.create({
      data: {
        tenantId, customerId: customer.id, stripeInvoiceId: "in_dryrun", status: "open", currency: "usd", subtotal: 1000, total: 1000,
        amountDue: 1000, amountPaid: 0, amountRemaining: 1000, periodStart: new Date(), periodEnd: new Date(), stripeCreatedAt: new Date(),
      },
    });
    const id = await seedEnvelope({ stripeEvent: event, tenantId });
    const preview = await dryRunReplay(id);
    expect(preview).toMatchObject({ valid: true, eventName: "stripe/invoice.paid", alreadyApplied: false, target: { kind: "invoice", exists: true } });
    expect(preview.changes).toEqual(expect.arrayContaining([{ field: "status", from: "open", to: "paid" }, { field: "amountPaid", from: 0, to: 1000 }]));

    const edited = structuredClone({ stripeEvent: event });
    edited.stripeEvent.data.object.amount_due = "lots" as unknown as number;
    const invalid = await dryRunReplay(id, edited);
    expect(invalid.valid).toBe(false);
    expect(invalid.issues[0]!.path).toBe("stripeEvent.data.object.amount_due");
    expect(invalid.payloadDiff).toEqual([{ path: "stripeEvent.data.object.amount_due", before: 1000, after: "lots" }]);

    await recordAuditEvent(db(), { entityType: "invoice", entityId: invoice.id, eventType: "invoice.paid", payload: {}, actor: "stripe", source: "stripe_webhook", sourceEventId: event.id, tenantId });
    expect(await dryRunReplay(id)).toMatchObject({ alreadyApplied: true, summary: expect.stringContaining("already applied") });
  });
});
