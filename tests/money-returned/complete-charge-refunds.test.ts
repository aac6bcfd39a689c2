// Which charges carry all of their embedded refunds, the apply's refusal of one that does not, and
// the completion that lists the rest from Stripe through the guard.
import { afterEach, describe, expect, it } from "vitest";
import type { StripeGuard } from "@/lib/billing-sync/stripe-guard";
import { assertCompleteRefunds, completeChargeRefunds, hasIncompleteRefunds } from "@/lib/money-returned/complete-charge-refunds";
import { setStripe } from "@/lib/stripe/client";
import { stripeChargeSchema } from "@/lib/stripe/money-returned-schemas";
import type Stripe from "stripe";

const refund = (n: number) => ({ object: "refund", id: `re_fixture${n}`, amount: 100 + n, currency: "eur", charge: "ch_fixture", payment_intent: "pi_fixture", status: "succeeded", created: 1_790_000_000 + n });
const refunds = (count: number, from = 0) => Array.from({ length: count }, (_, i) => refund(from + count - 1 - i));

function charge(refundsField: unknown) {
  return stripeChargeSchema.parse({ object: "charge", id: "ch_fixture", amount: 100_000, amount_refunded: 5_000, currency: "eur", payment_intent: "pi_fixture", created: 1_790_000_000, refunds: refundsField });
}

/** The embedded `refunds` field of a charge, by what it holds; `true` when it is only a first page. */
const embedded: Record<string, { field: unknown; firstPage: boolean }> = {
  "no refunds field (current API versions)": { field: undefined, firstPage: false },
  "data alone": { field: { data: refunds(2) }, firstPage: false },
  "a whole list": { field: { data: refunds(4), has_more: false, total_count: 4, url: "/v1/charges/ch_fixture/refunds" }, firstPage: false },
  "a first page of twelve": { field: { data: refunds(10), has_more: true, total_count: 12, url: "/v1/charges/ch_fixture/refunds" }, firstPage: true },
  "has_more without a count": { field: { data: refunds(10), has_more: true }, firstPage: true },
  "a count beyond the page": { field: { data: refunds(10), total_count: 11 }, firstPage: true },
};

/** A guard that runs the call as given, recording its name. */
function passThroughGuard(calls: string[]): StripeGuard {
  return { call: async <T,>(name: string, work: () => Promise<T>) => (calls.push(name), work()) } as unknown as StripeGuard;
}

/** A Stripe client whose refunds list pages through `all` (newest first), as the SDK's auto-pagination reads it. */
function stripeListing(all: ReturnType<typeof refund>[], seen: unknown[]): Stripe {
  return {
    refunds: {
      list: (params: unknown) => {
        seen.push(params);
        return { [Symbol.asyncIterator]: async function* () { yield* all; } };
      },
    },
  } as unknown as Stripe;
}

describe("complete charge refunds", () => {
  afterEach(() => setStripe(undefined));

  // The paging fields must survive validation: "a count beyond the page" is seen only through `total_count`.
  it.each(Object.entries(embedded))("%s", (_name, { field, firstPage }) => {
    const parsed = charge(field);
    expect(hasIncompleteRefunds(parsed)).toBe(firstPage);
    const applying = expect(() => assertCompleteRefunds(parsed));
    if (firstPage) applying.toThrow(/carries 10 of its refunds/);
    else applying.not.toThrow();
  });

  it("replaces a first page with every refund of the charge, listed through the guard", async () => {
    const calls: string[] = [];
    const seen: unknown[] = [];
    setStripe(stripeListing(refunds(12), seen));
    const completed = await completeChargeRefunds(charge({ data: refunds(10, 2), has_more: true }), passThroughGuard(calls));
    expect(calls).toEqual(["refunds.list"]);
    expect(seen).toEqual([{ charge: "ch_fixture", limit: 100 }]);
    expect(completed.refunds).toMatchObject({ has_more: false, total_count: 12 });
    expect(completed.refunds?.data.map((r) => r.id)).toEqual(refunds(12).map((r) => r.id));
    expect(() => assertCompleteRefunds(completed)).not.toThrow();
  });

  it("leaves a complete charge alone without asking Stripe", async () => {
    const calls: string[] = [];
    const complete = charge({ data: refunds(3), has_more: false });
    expect(await completeChargeRefunds(complete, passThroughGuard(calls))).toBe(complete);
    expect(calls).toEqual([]);
  });

  it("fails rather than return a partial list when Stripe cannot be reached", async () => {
    setStripe({ refunds: { list: () => ({ [Symbol.asyncIterator]: async function* () { yield refund(11); throw new Error("connect ECONNREFUSED"); } }) } } as unknown as Stripe);
    await expect(completeChargeRefunds(charge({ data: refunds(10), has_more: true }), passThroughGuard([]))).rejects.toThrow(/ECONNREFUSED/);
  });
});
