// Money at risk counts two kinds of stuck money, per currency: the amount due of invoices whose
// change did not apply, and the value of usage recorded on an invoice that its compiled Stripe sync
// failed to push (Ledgerline's compiled quantity minus what Stripe acknowledged, at the line's price).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertOnDeadLetter } from "@/lib/alerts/dead-letter-alerts";
import { describeMoneyAtRisk } from "@/lib/dead-letters/format-money-at-risk";
import { getIssueOfEnvelope, listIssues } from "@/lib/dead-letters/issues";
import { moneyAtRiskOfEnvelope } from "@/lib/dead-letters/money-at-risk";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { createTenant, invoiceEvent, seedEnvelope } from "./helpers";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

interface DraftWithUsage {
  currency: string;
  amountDue: number;
  /** Each line: its price, the increments recorded and the quantity Stripe acknowledged. */
  lines: { unitAmount: number; increments: number[]; synced: number }[];
  syncError: string | null;
}

/** A stored draft with usage lines and the outcome of its last compiled sync. */
async function storeDraftWithUsage(tenantId: string, draft: DraftWithUsage): Promise<string> {
  const customer = await db().customer.create({ data: { tenantId, stripeCustomerId: `cus_${randomUUID().slice(0, 10)}` } });
  const stripeInvoiceId = `in_${randomUUID().slice(0, 12)}`;
  const invoice = await db().invoice.create({
    data: {
      tenantId,
      customerId: customer.id,
      stripeInvoiceId,
      status: "draft",
      currency: draft.currency,
      subtotal: draft.amountDue,
      total: draft.amountDue,
      amountDue: draft.amountDue,
      amountPaid: 0,
      amountRemaining: draft.amountDue,
      periodStart: new Date(),
      periodEnd: new Date(),
      stripeCreatedAt: new Date(),
    },
  });
  for (const [index, line] of draft.lines.entries()) {
    const usageLine = await db().usageLine.create({
      data: { tenantId, invoiceId: invoice.id, lineKey: `line-${index}`, description: `Line ${index}`, unitAmount: line.unitAmount, currency: draft.currency, syncedQuantity: line.synced, stripeItemId: line.synced > 0 ? `ii_${randomUUID().slice(0, 12)}` : null },
    });
    for (const quantity of line.increments) {
      await db().usageIncrement.create({ data: { tenantId, usageLineId: usageLine.id, quantity, idempotencyKey: `inc-${randomUUID()}`, source: "api", actor: "test" } });
    }
  }
  await db().invoiceSyncState.create({ data: { invoiceId: invoice.id, tenantId, lastSyncError: draft.syncError } });
  return stripeInvoiceId;
}

function eventAbout(stripeInvoiceId: string, currency: string, amountDue: number, type = "invoice.updated") {
  const event = invoiceEvent({ invoiceId: stripeInvoiceId, amountDue, type });
  event.data.object.currency = currency;
  return event;
}

describe("money at risk: unsynced usage", () => {
  it("adds the usage a failed sync left out of Stripe to the amount due, per currency, and tells the two apart", async () => {
    const tenantId = await createTenant(`usage-risk-${randomUUID().slice(0, 6)}`);
    const reason = "Ledger could not apply the invoice for a reason of its own.";
    // Draft in euros: 700 due in Stripe; one line 10 recorded, 4 acknowledged, at €2.50 → €15.00 unsynced.
    const euros = await storeDraftWithUsage(tenantId, { currency: "eur", amountDue: 700, lines: [{ unitAmount: 250, increments: [6, 4], synced: 4 }], syncError: "Stripe answered 400: No such invoice item." });
    // Draft in yen: a never-pushed line of 50 × ¥100, and a fully synced one.
    const yen = await storeDraftWithUsage(tenantId, {
      currency: "jpy",
      amountDue: 0,
      lines: [
        { unitAmount: 100, increments: [20, 30], synced: 0 },
        { unitAmount: 7, increments: [3], synced: 3 },
      ],
      syncError: "Stripe answered 400: Invalid currency.",
    });
    // Draft in pounds whose sync succeeded: its usage is merely waiting for the next tick, not at risk.
    const pounds = await storeDraftWithUsage(tenantId, { currency: "gbp", amountDue: 300, lines: [{ unitAmount: 1_000, increments: [5], synced: 0 }], syncError: null });
    const first = await seedEnvelope({ reason, stripeEvent: eventAbout(euros, "eur", 999_999) });
    await seedEnvelope({ reason, stripeEvent: eventAbout(euros, "eur", 999_999, "invoice.created") });
    await seedEnvelope({ reason, stripeEvent: eventAbout(yen, "jpy", 0) });
    await seedEnvelope({ reason, stripeEvent: eventAbout(pounds, "gbp", 0) });
    await seedEnvelope({ reason, stripeEvent: eventAbout(`in_${randomUUID().slice(0, 12)}`, "usd", 93_100) });

    const issue = (await getIssueOfEnvelope(first))!;
    expect(issue.money).toEqual({
      invoices: 4,
      amounts: [
        { currency: "eur", amount: 2_200 },
        { currency: "gbp", amount: 300 },
        { currency: "jpy", amount: 5_000 },
        { currency: "usd", amount: 93_100 },
      ],
      amountDue: [
        { currency: "eur", amount: 700 },
        { currency: "gbp", amount: 300 },
        { currency: "jpy", amount: 0 },
        { currency: "usd", amount: 93_100 },
      ],
      unsyncedUsage: [
        { currency: "eur", amount: 1_500 },
        { currency: "jpy", amount: 5_000 },
      ],
    });
    expect(describeMoneyAtRisk(issue.money)).toBe("€22.00 + £3.00 + ¥5,000 + $931.00 on 4 invoices (amount due €7.00 + £3.00 + ¥0 + $931.00; unsynced usage €15.00 + ¥5,000)");
    expect(await moneyAtRiskOfEnvelope(first)).toEqual({
      invoices: 1,
      amounts: [{ currency: "eur", amount: 2_200 }],
      amountDue: [{ currency: "eur", amount: 700 }],
      unsyncedUsage: [{ currency: "eur", amount: 1_500 }],
    });

    // The alert names both.
    await alertOnDeadLetter(first, { slackWebhookUrl: null, appUrl: "https://ledgerline.test" });
    const alert = await db().dlqAlert.findFirstOrThrow({ where: { envelopeId: first } });
    expect(alert.text).toContain("At risk: €22.00 + £3.00 + ¥5,000 + $931.00 on 4 invoices (amount due €7.00 + £3.00 + ¥0 + $931.00; unsynced usage €15.00 + ¥5,000).");
  });

  it("ranks an issue by its unsynced usage too", async () => {
    const tenantId = await createTenant(`usage-rank-${randomUUID().slice(0, 6)}`);
    const usageHeavy = await storeDraftWithUsage(tenantId, { currency: "usd", amountDue: 0, lines: [{ unitAmount: 100_000, increments: [1_000], synced: 0 }], syncError: "Stripe answered 400." });
    const heavy = await seedEnvelope({ reason: "Usage heavy cause happened.", stripeEvent: eventAbout(usageHeavy, "usd", 0) });
    const light = await seedEnvelope({ reason: "Amount due cause happened.", stripeEvent: eventAbout(`in_${randomUUID().slice(0, 12)}`, "usd", 50_000) });
    const issues = await listIssues({ sort: "money", limit: 500 });
    const heavyId = (await getIssueOfEnvelope(heavy))!.id;
    const lightId = (await getIssueOfEnvelope(light))!.id;
    expect(issues.findIndex((i) => i.id === heavyId)).toBeLessThan(issues.findIndex((i) => i.id === lightId));
  });

  it("counts nothing once the failures are resolved", async () => {
    const tenantId = await createTenant(`usage-done-${randomUUID().slice(0, 6)}`);
    const draft = await storeDraftWithUsage(tenantId, { currency: "usd", amountDue: 0, lines: [{ unitAmount: 10, increments: [5], synced: 0 }], syncError: "Stripe answered 400." });
    const id = await seedEnvelope({ reason: "Resolved usage cause happened.", stripeEvent: eventAbout(draft, "usd", 0) });
    await db().failureEnvelope.update({ where: { id }, data: { status: "resolved" } });
    expect(await moneyAtRiskOfEnvelope(id)).toEqual({ invoices: 0, amounts: [], amountDue: [], unsyncedUsage: [] });
  });
});
