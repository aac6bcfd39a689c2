// Refunds API (list, retrieve): the refunds money-returned.ts makes, listed newest first under
// their charge or payment intent with Stripe's cursor paging, as a charge's first page of embedded
// refunds (API versions before 2022-11-15) is completed from. Kept in memory, outside the state file.
import { z } from "zod";
import { resourceMissing } from "../errors";
import { paginate } from "../list";
import { expandParam, paginationShape, parseParams } from "../params";
import type { ApiRoute } from "../router";

export interface RefundObject {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  payment_intent: string | null;
  reason: string | null;
  status: "succeeded";
  balance_transaction: string;
  metadata: Record<string, string>;
  receipt_number: null;
  source_transfer_reversal: null;
  transfer_reversal: null;
}

export class RefundBook {
  /** Oldest first: the order they were made in, which breaks ties of `created`. */
  private readonly made: RefundObject[] = [];

  add(refund: RefundObject): RefundObject {
    this.made.push(refund);
    return refund;
  }

  get(id: string): RefundObject | undefined {
    return this.made.find((refund) => refund.id === id);
  }

  newestFirst(): RefundObject[] {
    return this.made.map((refund, seq) => ({ refund, seq })).sort((a, b) => b.refund.created - a.refund.created || b.seq - a.seq).map(({ refund }) => refund);
  }

  /** What has gone back from a charge so far (every simulated refund succeeds). */
  refundedOn(charge: string): number {
    return this.made.filter((refund) => refund.charge === charge).reduce((sum, refund) => sum + refund.amount, 0);
  }
}

const listSchema = z.strictObject({
  ...paginationShape,
  charge: z.string().optional(),
  payment_intent: z.string().optional(),
});

export const refundRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/v1/refunds",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(listSchema, body);
      const all = sim.refunds
        .newestFirst()
        .filter((refund) => !input.charge || refund.charge === input.charge)
        .filter((refund) => !input.payment_intent || refund.payment_intent === input.payment_intent);
      return expand(paginate(all, input, "/v1/refunds"), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/refunds/:id",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(z.strictObject({ expand: expandParam }), body);
      const refund = sim.refunds.get(params.id);
      if (!refund) throw resourceMissing("re", params.id);
      return expand(refund, input.expand);
    },
  },
];
