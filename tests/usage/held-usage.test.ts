// Usage held for customers without a draft invoice, as support sees it on the home: how many
// customers and increments wait, their value per currency, the oldest, and which have waited past
// their customer's billing period (plus a day's grace) — which makes billing unhealthy.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getBillingHealth } from "@/lib/support/billing-health";
import { summarizeHeldUsage } from "@/lib/usage/held-usage";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

async function seedCustomer(slug: string, options: { invoiceCurrency?: string; subscriptionInterval?: string } = {}) {
  const tenant = await db().tenant.upsert({ where: { slug }, create: { slug, name: `${slug} Inc` }, update: {} });
  const customer = await db().customer.create({ data: { tenantId: tenant.id, stripeCustomerId: `cus_${randomUUID().slice(0, 10)}` } });
  if (options.invoiceCurrency) {
    // A finalized invoice: the customer has billed in this currency before, but has no draft now.
    await db().invoice.create({
      data: { tenantId: tenant.id, customerId: customer.id, stripeInvoiceId: `in_${randomUUID().slice(0, 12)}`, status: "open", currency: options.invoiceCurrency, subtotal: 0, total: 0, amountDue: 0, amountPaid: 0, amountRemaining: 0, periodStart: daysAgo(60), periodEnd: daysAgo(30), stripeCreatedAt: daysAgo(30) },
    });
  }
  if (options.subscriptionInterval) {
    await db().subscription.create({
      data: { tenantId: tenant.id, customerId: customer.id, stripeSubscriptionId: `sub_${randomUUID().slice(0, 12)}`, status: "active", currency: options.invoiceCurrency ?? "usd", amount: 0, interval: options.subscriptionInterval },
    });
  }
  return { tenantId: tenant.id, customerId: customer.id, slug };
}

async function hold(customer: { tenantId: string; customerId: string }, quantity: number, unitAmount: number, createdAt: Date, attached = false) {
  await db().pendingUsageIncrement.create({
    data: { tenantId: customer.tenantId, customerId: customer.customerId, lineKey: "api_calls", description: "API calls", unitAmount, quantity, idempotencyKey: `held-${randomUUID()}`, source: "api", actor: "test", createdAt, attachedAt: attached ? new Date() : null },
  });
}

describe("held usage", () => {
  it("is nothing, and billing healthy, when no usage is held", async () => {
    expect(await summarizeHeldUsage()).toEqual({ customers: 0, increments: 0, amounts: [], incrementsWithoutCurrency: 0, oldestAt: null, oldestSeconds: null, overdue: { customers: 0, increments: 0 }, link: null });
    expect((await getBillingHealth()).healthy).toBe(true);
  });

  it("counts customers, increments and value per currency, and stays healthy within the billing period", async () => {
    const euros = await seedCustomer("held-eu", { invoiceCurrency: "eur", subscriptionInterval: "month" });
    const yen = await seedCustomer("held-jp", { invoiceCurrency: "jpy" });
    const unknown = await seedCustomer("held-new");
    await hold(euros, 10, 250, daysAgo(20));
    await hold(euros, 2, 250, daysAgo(1));
    await hold(yen, 30, 100, daysAgo(3));
    await hold(unknown, 1, 5, daysAgo(2));
    // Already attached to a draft: no longer held.
    await hold(euros, 1_000, 250, daysAgo(40), true);

    const held = await summarizeHeldUsage();
    expect(held).toMatchObject({
      customers: 3,
      increments: 4,
      amounts: [
        { currency: "eur", amount: 3_000 },
        { currency: "jpy", amount: 3_000 },
      ],
      incrementsWithoutCurrency: 1,
      overdue: { customers: 0, increments: 0 },
      link: "/billing?tenant=held-eu",
    });
    expect(held.oldestSeconds).toBeGreaterThanOrEqual(20 * 86_400 - 5);
    expect(Date.parse(held.oldestAt!)).toBeLessThanOrEqual(daysAgo(20).getTime() + 5_000);

    const health = await getBillingHealth();
    expect(health.heldUsage).toEqual(held);
    expect(health.healthy).toBe(true);
  });

  it("flags usage held past its customer's billing period plus a day, linking to that tenant", async () => {
    // Weekly billing: 9 days held is past the period and the day of grace.
    const weekly = await seedCustomer("held-weekly", { invoiceCurrency: "usd", subscriptionInterval: "week" });
    await hold(weekly, 4, 100, daysAgo(9));
    await hold(weekly, 1, 100, daysAgo(7.5));
    // No subscription: a month (31 days) plus a day.
    const stray = await seedCustomer("held-stray", { invoiceCurrency: "usd" });
    await hold(stray, 1, 100, daysAgo(31.5));

    const held = await summarizeHeldUsage();
    expect(held.overdue).toEqual({ customers: 1, increments: 1 });
    expect(held.link).toBe("/billing?tenant=held-weekly");
    expect(held.amounts).toEqual(expect.arrayContaining([{ currency: "usd", amount: 600 }]));

    await hold(stray, 1, 100, daysAgo(33));
    const later = await summarizeHeldUsage();
    expect(later.overdue).toEqual({ customers: 2, increments: 2 });
    expect(later.link).toBe("/billing?tenant=held-stray");

    const health = await getBillingHealth();
    expect(health.healthy).toBe(false);
    expect(health.heldUsage.overdue.increments).toBe(2);
  });
});
