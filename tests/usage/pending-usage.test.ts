// Usage is never refused for when it arrives: without a draft invoice it is held (201, pending),
// shown as usage to date with an "as of" time, and attached to the customer's next draft.
import { describe, expect, it } from "vitest";
import { attachPendingUsage } from "@/lib/usage/attach-pending-usage";
import { increment, quantityOf, seedCustomerWithoutDraft, seedDraft, usageTenantFixture } from "./helpers";

const usage = usageTenantFixture("pending");

describe("usage for a customer with no draft invoice", () => {
  it("is held, counted in the usage to date, and attached to the next draft with its ids", async () => {
    const customer = await seedCustomerWithoutDraft(usage.database.prisma, usage.tenant.tenant.id, "cus_pending_new");
    const single = await usage.client.post(increment("cus_pending_new", "held-single-1", 4));
    expect(single.status).toBe(201);
    const held = await single.json();
    expect(held).toMatchObject({ status: "recorded", pending: true, invoiceId: null, usageLineId: null });
    const batch = await (await usage.client.post({ increments: [increment("cus_pending_new", "held-batch-1", 6), increment("cus_pending_new", "held-batch-2", 1, "storage", 10)] })).json();
    expect(batch).toMatchObject({ recorded: 2, rejected: 0 });
    const again = await usage.client.post(increment("cus_pending_new", "held-single-1", 4));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate", pending: true, incrementId: held.incrementId });

    const before = Date.now();
    const toDate = await (await usage.client.toDate("cus_pending_new")).json();
    expect(Date.parse(toDate.asOf)).toBeGreaterThanOrEqual(before - 5_000);
    expect(toDate.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: "api_calls", quantity: 10, invoice: null, amount: 30 }),
        expect.objectContaining({ line: "storage", quantity: 1, invoice: null, amount: 10 }),
      ]),
    );
    expect(toDate.total).toBe(40);

    const draft = await seedDraft(usage.database.prisma, usage.tenant.tenant.id, customer.id, "in_pending_next");
    expect(await attachPendingUsage({ tenantId: usage.tenant.tenant.id })).toBe(3);
    expect(await attachPendingUsage({ tenantId: usage.tenant.tenant.id })).toBe(0);
    const moved = await usage.database.prisma.usageIncrement.findUniqueOrThrow({ where: { id: BigInt(held.incrementId) }, include: { line: true } });
    expect(moved).toMatchObject({ quantity: 4, idempotencyKey: "held-single-1", line: { invoiceId: draft.id, lineKey: "api_calls" } });
    const after = await (await usage.client.toDate("cus_pending_new")).json();
    expect(after.lines).toEqual(expect.arrayContaining([expect.objectContaining({ line: "api_calls", quantity: 10, invoice: "in_pending_next" })]));
    expect(after.total).toBe(40);
    // Once attached, the same key is still a duplicate, now on the draft.
    const replay = await (await usage.client.post(increment("cus_pending_new", "held-single-1", 4))).json();
    expect(replay).toMatchObject({ status: "duplicate", invoiceId: draft.id, pending: false });
  });

  it("bills held usage at the price it was sent with, beside a line of another price", async () => {
    const customer = await seedCustomerWithoutDraft(usage.database.prisma, usage.tenant.tenant.id, "cus_pending_price");
    await usage.client.post(increment("cus_pending_price", "price-held-1", 2, "api_calls", 5));
    const draft = await seedDraft(usage.database.prisma, usage.tenant.tenant.id, customer.id, "in_pending_price");
    await usage.database.prisma.usageLine.create({ data: { tenantId: usage.tenant.tenant.id, invoiceId: draft.id, lineKey: "api_calls", description: "API", unitAmount: 3, currency: "usd" } });
    await attachPendingUsage({ customerIds: [customer.id] });
    const lines = await usage.database.prisma.usageLine.findMany({ where: { invoiceId: draft.id }, orderBy: { lineKey: "asc" } });
    expect(lines.map((l) => [l.lineKey, Number(l.unitAmount)])).toEqual([
      ["api_calls", 3],
      ["api_calls.at-5", 5],
    ]);
    expect(await quantityOf(usage.database.prisma, customer.id, "api_calls.at-5")).toBe(2);
  });

  it("holds an increment whose draft was finalized after it was looked up, instead of refusing it", async () => {
    const cus = usage.tenant.customer.stripeCustomerId;
    expect((await usage.client.post(increment(cus, "finalize-race-1", 1))).status).toBe(201);
    // The draft closes; the lookup cache still believes in it.
    await usage.database.prisma.invoice.update({ where: { id: usage.tenant.invoice.id }, data: { status: "open" } });
    const response = await usage.client.post(increment(cus, "finalize-race-2", 5));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ pending: true, invoiceId: null });
    const toDate = await (await usage.client.toDate(cus)).json();
    expect(toDate.lines).toEqual([expect.objectContaining({ line: "api_calls", quantity: 5, invoice: null })]);
  });

  it("answers 404 for usage to date of another tenant's or an unknown customer", async () => {
    expect((await usage.client.toDate("cus_nobody_here")).status).toBe(404);
    expect((await usage.client.toDate("not-a-customer")).status).toBe(400);
  });
});
