// The batch lane's event payload as the SDK checks it before a run starts: the current shape
// (two non-empty strings), the older shape (the whole Stripe event) still read, and anything
// else refused with an issue, so a malformed event fails its run visibly instead of applying.
import { describe, expect, it } from "vitest";
import { batchedStripeEventId, batchedStripeEventType, stripeEventBatched } from "@/lib/events/definitions";
import { invoiceObject, stripeEvent } from "../fixtures/stripe-events";

async function check(data: unknown) {
  return stripeEventBatched.schema!["~standard"].validate(data);
}

describe("the batch lane's event payload", () => {
  it("takes the current shape and answers its id and type", async () => {
    const result = await check({ stripeEventId: "evt_1", type: "invoice.paid" });
    expect(result).toEqual({ value: { stripeEventId: "evt_1", type: "invoice.paid" } });
    const value = (result as { value: Parameters<typeof batchedStripeEventId>[0] }).value;
    expect([batchedStripeEventId(value), batchedStripeEventType(value)]).toEqual(["evt_1", "invoice.paid"]);
  });

  it("still reads the older shape, the whole Stripe event", async () => {
    const created = 1_790_000_000;
    const object = invoiceObject({ customer: "cus_older", created, lines: [{ unitAmount: 1200 }] });
    const result = await check({ stripeEvent: stripeEvent({ id: "evt_older", type: "invoice.finalized", created, object }) });
    expect(result.issues).toBeUndefined();
    const value = (result as { value: Parameters<typeof batchedStripeEventId>[0] }).value;
    expect([batchedStripeEventId(value), batchedStripeEventType(value)]).toEqual(["evt_older", "invoice.finalized"]);
  });

  it.each([
    ["an empty id", { stripeEventId: "", type: "invoice.paid" }],
    ["a missing type", { stripeEventId: "evt_1" }],
    ["a number for an id", { stripeEventId: 7, type: "invoice.paid" }],
    ["null", null],
    ["a string", "evt_1"],
    ["an older shape that is not a Stripe event", { stripeEvent: { id: "evt_1" } }],
  ])("refuses %s with an issue", async (_label, data) => {
    const result = await check(data);
    expect(result.issues?.length).toBeGreaterThan(0);
  });
});
