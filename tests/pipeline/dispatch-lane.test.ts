// Which lane an accepted event takes: one run per event while events trickle in, the batch lane
// for invoice events once they arrive faster than the threshold, and never the batch lane for
// event types it does not apply.
import { describe, expect, it } from "vitest";
import { batchAppliedStripeEventTypes, DecayingRate, dispatchLaneOf } from "@/lib/webhooks/dispatch-lane";
import { handledStripeEventTypes } from "@/lib/webhooks/handled-event-types";

describe("the dispatch lane", () => {
  it("sends invoice events to the batch lane only at or above the threshold", () => {
    expect(dispatchLaneOf("invoice.paid", 5, 20)).toBe("single");
    expect(dispatchLaneOf("invoice.paid", 20, 20)).toBe("batch");
    expect(dispatchLaneOf("invoice.paid", 0, 0)).toBe("batch");
  });

  it("keeps every type the batch lane does not apply on one run per event, at any rate", () => {
    for (const type of ["invoice.deleted", "customer.created", "charge.refunded", "invoice_payment.paid"]) {
      expect(dispatchLaneOf(type, 10_000, 0)).toBe("single");
    }
    // Every batch-applied type is a handled one: nothing reaches a lane no function serves.
    for (const type of batchAppliedStripeEventTypes) expect(handledStripeEventTypes).toContain(type);
  });

  it("measures events per second, sees a burst within a dozen events and forgets it within a second", () => {
    const rate = new DecayingRate();
    const start = 1_000_000;
    // 100 events/s for two seconds, one every 10 ms.
    for (let i = 0; i < 200; i++) rate.note(1, start + i * 10);
    expect(rate.perSecond(start + 2_000)).toBeGreaterThan(80);
    expect(rate.perSecond(start + 2_000)).toBeLessThan(120);
    expect(rate.perSecond(start + 3_000)).toBeLessThan(5);
    // Twelve webhooks in the same few milliseconds: a burst.
    const burst = new DecayingRate();
    for (let i = 0; i < 12; i++) burst.note(1, start + i);
    expect(burst.perSecond(start + 12)).toBeGreaterThan(40);
    // One event every 25 ms (40/s) stays below a threshold of 50.
    const steady = new DecayingRate();
    for (let i = 0; i < 200; i++) steady.note(1, start + i * 25);
    expect(steady.perSecond(start + 199 * 25)).toBeLessThan(50);
  });
});
