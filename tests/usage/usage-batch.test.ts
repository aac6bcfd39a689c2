// The batch form of POST /api/usage: a result per item (recorded / duplicate / rejected with a
// reason), one bad item never losing the others, and a batch retried whole recording nothing twice.
import { describe, expect, it } from "vitest";
import { increment, quantityOf, usageTenantFixture } from "./helpers";

const usage = usageTenantFixture("batch");

describe("POST /api/usage with a batch", () => {
  it("answers each item on its own: recorded, duplicate, or rejected with a reason", async () => {
    const cus = usage.tenant.customer.stripeCustomerId;
    expect((await usage.client.post(increment(cus, "batch-earlier-1", 5))).status).toBe(201);
    const response = await usage.client.post({
      increments: [
        increment(cus, "batch-a-0001", 2),
        increment(cus, "batch-earlier-1", 5), // already recorded: a duplicate
        { ...increment(cus, "batch-a-0002"), quantity: -1 }, // invalid
        increment("cus_nobody", "batch-a-0003"), // no such customer
        increment(cus, "batch-a-0004", 1, "api_calls", 99), // another price for the line
        increment(cus, "batch-a-0001", 2), // twice in the same batch
        increment(cus, "batch-earlier-1", 6), // a used key for a different increment
        increment(cus, "batch-a-0005", 7),
      ],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ recorded: 2, duplicates: 2, rejected: 4 });
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(["recorded", "duplicate", "rejected", "rejected", "rejected", "duplicate", "rejected", "recorded"]);
    expect(body.results[2].error).toMatchObject({ code: "invalid_input", fields: { quantity: expect.any(String) } });
    expect(body.results[3].error).toMatchObject({ code: "not_found" });
    expect(body.results[4].error.message).toMatch(/priced at 3/);
    expect(body.results[6].error).toMatchObject({ code: "conflict" });
    expect(body.results[5].incrementId).toBe(body.results[0].incrementId);
    expect(body.results[0]).toMatchObject({ index: 0, invoiceId: usage.tenant.invoice.id, pending: false });
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id)).toBe(5 + 2 + 7);
  });

  it("records nothing twice when a whole batch is sent again", async () => {
    const cus = usage.tenant.customer.stripeCustomerId;
    const batch = Array.from({ length: 300 }, (_, n) => increment(cus, `retry-batch-${n}`, 1 + (n % 4), "storage", 10));
    const first = await (await usage.client.post({ increments: batch })).json();
    expect(first).toMatchObject({ recorded: 300, duplicates: 0, rejected: 0 });
    const expected = batch.reduce((sum, item) => sum + item.quantity, 0);
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id, "storage")).toBe(expected);

    const again = await (await usage.client.post({ increments: batch })).json();
    expect(again).toMatchObject({ recorded: 0, duplicates: 300, rejected: 0 });
    expect(again.results.map((r: { incrementId: string }) => r.incrementId)).toEqual(first.results.map((r: { incrementId: string }) => r.incrementId));
    expect(await quantityOf(usage.database.prisma, usage.tenant.customer.id, "storage")).toBe(expected);
  });

  it.each([
    ["an empty batch", { increments: [] }],
    ["more than 1,000 increments", { increments: Array.from({ length: 1_001 }, (_, n) => increment("cus_batch_1", `too-many-${n}`)) }],
    ["increments that are not a list", { increments: "lots" }],
    ["a bare list instead of { increments: [...] }", [increment("cus_batch_1", "bare-list-1")]],
  ])("refuses %s as a whole (400) and writes nothing", async (_name, body) => {
    const before = await usage.database.prisma.usageIncrement.count();
    const response = await usage.client.post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_input");
    expect(await usage.database.prisma.usageIncrement.count()).toBe(before);
  });
});
