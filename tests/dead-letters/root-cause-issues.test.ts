// One cause, one issue: fingerprinting across job types, money at risk per currency, the fixes
// (map a customer to its tenant, replay all, correct every payload once), state-aware replay
// (converged envelopes are not re-run) and issues that resolve themselves and reopen.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { describeMoneyAtRisk } from "@/lib/dead-letters/format-money-at-risk";
import { applyCorrection, correctionOf, previewIssueCorrection, replayIssueWithCorrection } from "@/lib/dead-letters/correct-issue-payload";
import { getIssue, getIssueOfEnvelope, listIssues } from "@/lib/dead-letters/issues";
import { mapIssueCustomer } from "@/lib/dead-letters/map-issue-customer";
import { moneyAtRiskOfEnvelope } from "@/lib/dead-letters/money-at-risk";
import { listFailureEnvelopes } from "@/lib/dead-letters/queries";
import { markReplaySucceeded } from "@/lib/dead-letters/replay-outcome";
import { replayIssue } from "@/lib/dead-letters/replay-issue";
import { planBulkReplay, replayNextBatch, startBulkReplay } from "@/lib/dead-letters/bulk-replay";
import { db } from "@/lib/db/client";
import { setStripe } from "@/lib/stripe/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { countingSender, createTenant, invoiceEvent, seedEnvelope } from "./helpers";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());
afterEach(() => setStripe(undefined));

const unmappedReason = (customer: string) =>
  `Stripe customer ${customer} has no valid "ledgerline_tenant" metadata, so it cannot be assigned to a tenant. Set it in Stripe, then replay.`;

function eventIn(currency: string, amountDue: number, overrides: { customer?: string; invoiceId?: string; type?: string } = {}) {
  const event = invoiceEvent({ amountDue, ...overrides });
  event.data.object.currency = currency;
  return event;
}

/** The three invoice functions meeting the same unmapped customer, as in the demo. */
async function seedUnmappedIncident(customer: string) {
  const invoiceId = `in_${randomUUID().slice(0, 12)}`;
  const ids = [];
  for (const [jobType, type] of [["stripe-invoice-created", "invoice.created"], ["stripe-invoice-updated", "invoice.updated"], ["stripe-invoice-finalized", "invoice.finalized"]] as const) {
    ids.push(await seedEnvelope({ jobType, reason: unmappedReason(customer), stripeEvent: eventIn("usd", 93_100, { customer, invoiceId, type }) }));
  }
  const other = await seedEnvelope({ jobType: "stripe-invoice-created", reason: unmappedReason(customer), stripeEvent: eventIn("usd", 5_000, { customer, type: "invoice.created" }) });
  return { ids: [...ids, other], invoiceId };
}

describe("root-cause issues", () => {
  it("groups one cause met by several job types into one issue with whole-sentence title and reach", async () => {
    const { ids, invoiceId } = await seedUnmappedIncident("cus_rootcause1");
    const issue = await getIssueOfEnvelope(ids[0]!);
    expect(issue).toMatchObject({ title: "Stripe customer cus_rootcause1 is not mapped to a tenant.", kind: "unmapped_customer", subject: "cus_rootcause1", occurrences: 4, unresolved: 4 });
    expect(issue!.jobTypes.sort()).toEqual(["stripe-invoice-created", "stripe-invoice-finalized", "stripe-invoice-updated"]);
    expect(issue!.invoices).toContain(invoiceId);
    for (const id of ids) expect((await getIssueOfEnvelope(id))!.id).toBe(issue!.id);
    // Another customer with the same problem is another cause.
    const [otherId] = (await seedUnmappedIncident("cus_rootcause2")).ids;
    expect((await getIssueOfEnvelope(otherId!))!.id).not.toBe(issue!.id);
  });
});

describe("money at risk", () => {
  it("sums the amount due of each stuck invoice once, per currency, preferring the stored invoice", async () => {
    const tenantId = await createTenant(`money-${randomUUID().slice(0, 6)}`);
    const reason = "Ledger rejected the change for reasons unknown.";
    const shared = `in_${randomUUID().slice(0, 12)}`;
    const first = await seedEnvelope({ reason, stripeEvent: eventIn("usd", 93_100, { invoiceId: shared, type: "invoice.created" }) });
    await seedEnvelope({ reason, stripeEvent: eventIn("usd", 93_100, { invoiceId: shared, type: "invoice.updated" }) });
    await seedEnvelope({ reason, stripeEvent: eventIn("eur", 12_000) });
    await seedEnvelope({ reason, stripeEvent: eventIn("jpy", 5_000) });
    // A stored invoice: its own amount due counts, not the payload's.
    const customer = await db().customer.create({ data: { tenantId, stripeCustomerId: `cus_${randomUUID().slice(0, 8)}` } });
    const storedId = `in_${randomUUID().slice(0, 12)}`;
    await db().invoice.create({
      data: { tenantId, customerId: customer.id, stripeInvoiceId: storedId, status: "open", currency: "eur", subtotal: 700, total: 700, amountDue: 700, amountPaid: 0, amountRemaining: 700, periodStart: new Date(), periodEnd: new Date(), stripeCreatedAt: new Date() },
    });
    await seedEnvelope({ reason, stripeEvent: eventIn("eur", 99_999, { invoiceId: storedId }) });

    const issue = await getIssueOfEnvelope(first);
    const amounts = [{ currency: "eur", amount: 12_700 }, { currency: "jpy", amount: 5_000 }, { currency: "usd", amount: 93_100 }];
    expect(issue!.money).toEqual({ invoices: 4, amounts, amountDue: amounts, unsyncedUsage: [] });
    expect(describeMoneyAtRisk(issue!.money)).toBe("€127.00 + ¥5,000 + $931.00 on 4 invoices");
    expect(await moneyAtRiskOfEnvelope(first)).toEqual({ invoices: 1, amounts: [{ currency: "usd", amount: 93_100 }], amountDue: [{ currency: "usd", amount: 93_100 }], unsyncedUsage: [] });
    // Each row of the explorer names its own amount at stake.
    const { envelopes } = await listFailureEnvelopes({ group: issue!.id });
    expect(envelopes.map((e) => e.amountAtRisk).sort((a, b) => a!.amount - b!.amount)).toEqual([
      { amount: 5_000, currency: "jpy" },
      { amount: 12_000, currency: "eur" },
      { amount: 93_100, currency: "usd" },
      { amount: 93_100, currency: "usd" },
      { amount: 99_999, currency: "eur" },
    ]);
  });

  it("sorts issues by money at risk", async () => {
    const small = await seedEnvelope({ reason: "Small cause happened.", stripeEvent: eventIn("usd", 100) });
    const big = await seedEnvelope({ reason: "Big cause happened.", stripeEvent: eventIn("usd", 10_000_000) });
    const issues = await listIssues({ sort: "money", limit: 500 });
    const bigId = (await getIssueOfEnvelope(big))!.id;
    const smallId = (await getIssueOfEnvelope(small))!.id;
    expect(issues.findIndex((i) => i.id === bigId)).toBeLessThan(issues.findIndex((i) => i.id === smallId));
    expect(issues[0]!.id).toBe(bigId);
  });
});

describe("fixing an unmapped customer", () => {
  it("maps the customer to the chosen tenant (audited), replays every envelope once, and resolves the issue when they succeed", async () => {
    const tenantId = await createTenant(`acme-${randomUUID().slice(0, 6)}`);
    const { ids } = await seedUnmappedIncident("cus_fixme1");
    const issue = (await getIssueOfEnvelope(ids[0]!))!;
    const sender = countingSender();
    const result = await mapIssueCustomer({ issueId: issue.id, tenantId, actor: "support@ledgerline.test", sender, updateStripe: false });
    expect(result).toMatchObject({ replayed: 4, converged: 0, failed: 0, stripeCustomerId: "cus_fixme1", stripeMetadata: "skipped" });
    expect(sender.events).toHaveLength(4);
    const customer = await db().customer.findUniqueOrThrow({ where: { stripeCustomerId: "cus_fixme1" } });
    expect(customer.tenantId).toBe(tenantId);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { entityId: customer.id, eventType: "customer.tenant_mapped" } });
    expect(audit).toMatchObject({ actor: "support@ledgerline.test", source: "support", tenantId });
    expect(await db().auditEvent.count({ where: { entityId: issue.id, eventType: "failure_group.replayed" } })).toBe(1);

    // The replays' runs succeed: every envelope resolved, so the issue resolves itself.
    const replays = await db().dlqReplay.findMany({ where: { envelopeId: { in: ids } } });
    for (const replay of replays.slice(0, -1)) await markReplaySucceeded({ replayOf: replay.envelopeId, replayId: replay.id }, `run-${replay.id}`, "system:test");
    expect((await getIssue(issue.id))!.state).toBe("open");
    const last = replays[replays.length - 1]!;
    await markReplaySucceeded({ replayOf: last.envelopeId, replayId: last.id }, `run-${last.id}`, "system:test");
    expect(await getIssue(issue.id)).toMatchObject({ state: "resolved", unresolved: 0, money: { invoices: 0, amounts: [] } });

    // The cause recurs: the same issue opens again.
    await seedEnvelope({ jobType: "stripe-invoice-updated", reason: unmappedReason("cus_fixme1") });
    expect((await getIssue(issue.id))!.state).toBe("open");
  });

  it("with Stripe keys, writes the tenant into the customer's Stripe metadata", async () => {
    const slug = `globex-${randomUUID().slice(0, 6)}`;
    const tenantId = await createTenant(slug);
    const { ids } = await seedUnmappedIncident("cus_fixme2");
    const issue = (await getIssueOfEnvelope(ids[0]!))!;
    const updates: unknown[] = [];
    setStripe({
      customers: {
        retrieve: async (id: string) => ({ id, object: "customer", name: "Unmapped Ltd", email: "billing@unmapped.test" }),
        update: async (...args: unknown[]) => updates.push(args),
      },
    } as unknown as Stripe);
    const result = await mapIssueCustomer({ issueId: issue.id, tenantId, actor: "support@ledgerline.test", sender: countingSender(), updateStripe: true });
    expect(result.stripeMetadata).toBe("set");
    expect(updates).toEqual([["cus_fixme2", { metadata: { ledgerline_tenant: slug } }, { idempotencyKey: `tenant-mapping:cus_fixme2:${slug}` }]]);
    expect(await db().customer.findUniqueOrThrow({ where: { stripeCustomerId: "cus_fixme2" } })).toMatchObject({ name: "Unmapped Ltd", email: "billing@unmapped.test" });
  });

  it("refuses to move a customer that already belongs to another tenant, and an issue that is not about a customer", async () => {
    const [a, b] = [await createTenant(`a-${randomUUID().slice(0, 6)}`), await createTenant(`b-${randomUUID().slice(0, 6)}`)];
    await db().customer.create({ data: { tenantId: a, stripeCustomerId: "cus_taken1" } });
    const { ids } = await seedUnmappedIncident("cus_taken1");
    const issue = (await getIssueOfEnvelope(ids[0]!))!;
    await expect(mapIssueCustomer({ issueId: issue.id, tenantId: b, actor: "support@ledgerline.test", sender: countingSender(), updateStripe: false })).rejects.toMatchObject({ code: "conflict" });
    expect(await db().failureEnvelope.count({ where: { id: { in: ids }, status: "open" } })).toBe(4);
    const other = await seedEnvelope({ reason: "Nothing to do with customers." });
    const otherIssue = (await getIssueOfEnvelope(other))!;
    await expect(mapIssueCustomer({ issueId: otherIssue.id, tenantId: a, actor: "support@ledgerline.test", updateStripe: false })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("state-aware replay", () => {
  async function storedInvoiceFor(event: ReturnType<typeof invoiceEvent>) {
    const tenantId = await createTenant(`conv-${randomUUID().slice(0, 6)}`);
    const customer = await db().customer.create({ data: { tenantId, stripeCustomerId: event.data.object.customer } });
    const o = event.data.object;
    await db().invoice.create({
      data: { tenantId, customerId: customer.id, stripeInvoiceId: o.id, number: o.number, status: "paid", currency: o.currency, subtotal: o.subtotal, total: o.total, amountDue: o.amount_due, amountPaid: o.amount_paid, amountRemaining: o.amount_remaining, periodStart: new Date(), periodEnd: new Date(), stripeCreatedAt: new Date() },
    });
  }

  it("settles an envelope whose effect is already there as converged and replays only the rest", async () => {
    const reason = "Converging cause happened.";
    const done = invoiceEvent({ customer: `cus_${randomUUID().slice(0, 8)}` });
    await storedInvoiceFor(done);
    const convergedId = await seedEnvelope({ reason, stripeEvent: done });
    const pendingId = await seedEnvelope({ reason });
    const issue = (await getIssueOfEnvelope(convergedId))!;
    const sender = countingSender();
    expect(await replayIssue({ issueId: issue.id, actor: "support@ledgerline.test", sender })).toMatchObject({ replayed: 1, converged: 1, failed: 0 });
    expect(sender.events.map((e) => e.data.replayOf)).toEqual([pendingId]);
    expect(await db().failureEnvelope.findUniqueOrThrow({ where: { id: convergedId } })).toMatchObject({ status: "resolved" });
    expect(await db().auditEvent.count({ where: { entityId: convergedId, eventType: "failure_envelope.converged" } })).toBe(1);
    expect(await db().dlqReplay.count({ where: { envelopeId: convergedId } })).toBe(0);
  });

  it("bulk replay settles converged envelopes too and reports replayed, converged and failed", async () => {
    const reason = "Bulk converging cause happened.";
    const done = invoiceEvent({ customer: `cus_${randomUUID().slice(0, 8)}` });
    await storedInvoiceFor(done);
    const convergedId = await seedEnvelope({ reason, stripeEvent: done });
    await seedEnvelope({ reason });
    await seedEnvelope({ reason });
    const issue = (await getIssueOfEnvelope(convergedId))!;
    const bulk = await startBulkReplay({ filter: { group: issue.id }, actor: "support@ledgerline.test", startRun: false });
    expect(bulk.total).toBe(3);
    const plan = await planBulkReplay(bulk.bulkId);
    const progress = await replayNextBatch(bulk.bulkId, plan.batchSize, countingSender());
    expect(progress).toMatchObject({ done: true, sent: 2, converged: 1, failed: 0 });
  });

  it("a large issue is replayed through the paced bulk replay", async () => {
    const reason = "Paced cause happened.";
    const first = await seedEnvelope({ reason });
    await seedEnvelope({ reason });
    const issue = (await getIssueOfEnvelope(first))!;
    const result = await replayIssue({ issueId: issue.id, actor: "support@ledgerline.test", immediateLimit: 1, startRun: false });
    expect(result).toMatchObject({ replayed: 2, converged: 0 });
    expect(await db().dlqBulkReplay.findUniqueOrThrow({ where: { id: result.bulkId! } })).toMatchObject({ total: 2, ratePerSecond: 20 });
  });
});

describe("one correction for every envelope of an issue", () => {
  it("carries the corrected leaves to each payload, never the event's own id", () => {
    const original = { stripeEvent: { id: "evt_1", data: { object: { customer: "cus_bad", total: 5 } } } };
    const edited = { stripeEvent: { id: "evt_changed", data: { object: { customer: "cus_good", total: 5 } } } };
    const correction = correctionOf(original, edited);
    expect(correction).toEqual([{ path: "stripeEvent.data.object.customer", before: "cus_bad", after: "cus_good" }]);
    expect(applyCorrection({ stripeEvent: { id: "evt_2", data: { object: { customer: "cus_bad", total: 9 } } } }, correction)).toEqual({
      stripeEvent: { id: "evt_2", data: { object: { customer: "cus_good", total: 9 } } },
    });
  });

  it("previews the effect on each envelope, then replays each corrected payload (audited as an edit)", async () => {
    const reason = "Invalid invoice in the payload: number must be a string.";
    const ids = [await seedEnvelope({ reason }), await seedEnvelope({ reason }), await seedEnvelope({ reason })];
    const issue = (await getIssueOfEnvelope(ids[0]!))!;
    const source = await db().failureEnvelope.findUniqueOrThrow({ where: { id: ids[0]! } });
    const edited = JSON.parse(JSON.stringify(source.payload)) as { stripeEvent: { data: { object: { customer: string } } } };
    edited.stripeEvent.data.object.customer = "cus_corrected";
    const preview = await previewIssueCorrection(issue.id, ids[0]!, edited);
    expect(preview.envelopes.map((e) => e.envelopeId).sort()).toEqual([...ids].sort());
    expect(preview.envelopes.every((e) => e.valid)).toBe(true);
    const sender = countingSender();
    expect(await replayIssueWithCorrection({ issueId: issue.id, sourceEnvelopeId: ids[0]!, editedPayload: edited, actor: "admin@ledgerline.test", sender })).toMatchObject({ replayed: 3, failed: 0 });
    expect(sender.events.map((e) => (e.data as unknown as { stripeEvent: { data: { object: { customer: string } } } }).stripeEvent.data.object.customer)).toEqual(["cus_corrected", "cus_corrected", "cus_corrected"]);
    expect(await db().auditEvent.count({ where: { entityId: { in: ids }, eventType: "failure_envelope.payload_edited", actor: "admin@ledgerline.test" } })).toBe(3);
  });
});
