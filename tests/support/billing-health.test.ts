// The support home's "is billing healthy?" figures: the backlog and its oldest event, runs failing
// now, drafts whose sync keeps failing, open issues by money at risk, the latest alerts linked to
// their issue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertOnDeadLetter } from "@/lib/alerts/dead-letter-alerts";
import { SYNC_FAILURE_ALERT_THRESHOLD } from "@/lib/billing-sync/failing-invoice-syncs";
import { db } from "@/lib/db/client";
import { getBillingHealth } from "@/lib/support/billing-health";
import { invoiceEvent, seedEnvelope } from "../dead-letters/helpers";
import { createTestDatabase, type TestDatabase } from "./test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("billing health", () => {
  it("is healthy with nothing waiting", async () => {
    const health = await getBillingHealth();
    expect(health).toMatchObject({ healthy: true, backlog: 0, oldestUnappliedSeconds: null, runsFailingNow: 0, stripeBreaker: "closed", issues: [], alerts: [] });
  });

  it("is not healthy while the local driver leaves due work unclaimed", async () => {
    const receivedAt = new Date(Date.now() - 600_000);
    const event = await db().inngestEvent.create({ data: { id: "evt-unclaimed-1", name: "ledgerline/test.unclaimed", payload: {}, receivedAt } });
    try {
      const health = await getBillingHealth();
      expect(health.healthy).toBe(false);
      expect(health.stalled).toEqual([expect.stringContaining("not picked up by the local Inngest driver")]);
    } finally {
      await db().inngestEvent.delete({ where: { id: event.id } });
    }
  });

  it("needs attention while a draft's compiled sync has failed the threshold times in a row", async () => {
    const tenant = await db().tenant.create({ data: { slug: "failing-sync-home", name: "Failing Sync Home" } });
    const customer = await db().customer.create({ data: { tenantId: tenant.id, stripeCustomerId: "cus_failing_sync_home" } });
    const states = [];
    for (const [n, status, failures] of [[1, "draft", SYNC_FAILURE_ALERT_THRESHOLD], [2, "draft", SYNC_FAILURE_ALERT_THRESHOLD - 1], [3, "open", SYNC_FAILURE_ALERT_THRESHOLD + 4]] as const) {
      const invoice = await db().invoice.create({
        data: { tenantId: tenant.id, customerId: customer.id, stripeInvoiceId: `in_failing_sync_home_${n}`, status, currency: "usd", subtotal: 0, total: 0, amountDue: 0, amountPaid: 0, amountRemaining: 0, periodStart: new Date(), periodEnd: new Date(), stripeCreatedAt: new Date() },
      });
      states.push(await db().invoiceSyncState.create({ data: { invoiceId: invoice.id, tenantId: tenant.id, lastSyncError: "Stripe answered 400.", consecutiveSyncFailures: failures, syncFailingSince: new Date() } }));
    }
    const failing = await getBillingHealth();
    expect(failing.failingSyncs).toEqual({ invoices: 1, threshold: SYNC_FAILURE_ALERT_THRESHOLD });
    expect(failing.healthy).toBe(false);

    // A successful push resets the count: healthy again.
    await db().invoiceSyncState.update({ where: { invoiceId: states[0]!.invoiceId }, data: { consecutiveSyncFailures: 0, syncFailingSince: null, lastSyncError: null } });
    const recovered = await getBillingHealth();
    expect(recovered.failingSyncs.invoices).toBe(0);
    expect(recovered.healthy).toBe(true);
  });

  it("reports the backlog, failing runs, issues by money at risk and alerts linked to their issue", async () => {
    const receivedAt = new Date(Date.now() - 600_000);
    await db().webhookInbox.create({ data: { eventId: "evt_waiting1", type: "invoice.paid", payload: {}, stripeCreatedAt: receivedAt, receivedAt, status: "dispatched" } });
    await db().jobAttempt.create({ data: { jobId: "evt_waiting1", jobType: "stripe-invoice-paid", runId: "run-failing-1", step: "apply-invoice", attempt: 1, error: "boom" } });
    await seedEnvelope({ reason: "A small cause happened.", stripeEvent: invoiceEvent({ amountDue: 500 }) });
    const big = await seedEnvelope({ reason: "A big cause happened.", stripeEvent: invoiceEvent({ amountDue: 93_100 }) });
    await alertOnDeadLetter(big, { slackWebhookUrl: null, appUrl: "https://ledgerline.test" });

    const health = await getBillingHealth();
    expect(health.healthy).toBe(false);
    expect(health.backlog).toBe(1);
    expect(health.oldestUnappliedSeconds).toBeGreaterThanOrEqual(590);
    expect(health.runsFailingNow).toBe(1);
    expect(health.openFailures).toBe(2);
    expect(health.issues.map((i) => i.title)).toEqual(["A big cause happened.", "A small cause happened."]);
    expect(health.issues[0]!.money).toEqual({ invoices: 1, amounts: [{ currency: "usd", amount: 93_100 }], amountDue: [{ currency: "usd", amount: 93_100 }], unsyncedUsage: [] });
    const bigIssue = await db().failureGroup.findFirstOrThrow({ where: { sampleReason: "A big cause happened." } });
    expect(health.alerts).toEqual([expect.objectContaining({ issueId: bigIssue.id })]);
    expect(health.alerts[0]!.text).toContain("At risk: $931.00 on 1 invoice.");
  });

  it("names the usage drafts whose compiled sync failed left out of Stripe, per currency", async () => {
    const tenant = await db().tenant.create({ data: { slug: "unsynced-home", name: "Unsynced Home" } });
    const customer = await db().customer.create({ data: { tenantId: tenant.id, stripeCustomerId: "cus_unsynced_home" } });
    for (const [n, currency, syncError] of [[1, "eur", "Stripe answered 400."], [2, "usd", "Stripe answered 400."], [3, "usd", null]] as const) {
      const invoice = await db().invoice.create({
        data: { tenantId: tenant.id, customerId: customer.id, stripeInvoiceId: `in_unsynced_home_${n}`, status: "draft", currency, subtotal: 0, total: 0, amountDue: 0, amountPaid: 0, amountRemaining: 0, periodStart: new Date(), periodEnd: new Date(), stripeCreatedAt: new Date() },
      });
      const line = await db().usageLine.create({ data: { tenantId: tenant.id, invoiceId: invoice.id, lineKey: "api_calls", description: "API calls", unitAmount: 150, currency, syncedQuantity: 2 } });
      await db().usageIncrement.create({ data: { tenantId: tenant.id, usageLineId: line.id, quantity: 12, idempotencyKey: `unsynced-home-${n}`, source: "api", actor: "test" } });
      await db().invoiceSyncState.create({ data: { invoiceId: invoice.id, tenantId: tenant.id, lastSyncError: syncError } });
    }
    expect((await getBillingHealth()).unsyncedUsage).toEqual({ invoices: 2, amounts: [{ currency: "eur", amount: 1_500 }, { currency: "usd", amount: 1_500 }] });
  });
});
