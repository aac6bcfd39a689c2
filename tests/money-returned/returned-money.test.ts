// The arithmetic of what went back from an invoice: its state, the amounts and the net, and the
// rollup contribution that keeps refunded and credited money out of revenue.
import { describe, expect, it } from "vitest";
import { summarizeReturnedMoney, type ReturnedRows } from "@/lib/money-returned/returned-money";
import { contributionsOf, type InvoiceRollupState } from "@/lib/reports/invoice-rollups";

const at = new Date("2026-11-02T10:00:00Z");
const refund = (amount: number, status = "succeeded") => ({ stripeRefundId: `re_${amount}_${status}`, amount, status, reason: null, stripeCreatedAt: at });
const note = (type: string, pre: number, post: number, refunded = 0, status = "issued") => ({
  stripeCreditNoteId: `cn_${type}_${pre}_${post}_${status}`, type, status, reason: "order_change", total: pre + post, prePaymentAmount: pre, postPaymentAmount: post, refundedAmount: refunded, stripeCreatedAt: at,
});
const dispute = (amount: number, status: string) => ({ stripeDisputeId: `dp_${status}`, amount, status, reason: "fraudulent", stripeCreatedAt: at });
const rows = (partial: Partial<ReturnedRows>): ReturnedRows => ({ refunds: [], creditNotes: [], disputes: [], ...partial });

describe("summarizeReturnedMoney", () => {
  it.each([
    ["nothing went back", 5_000, rows({}), { state: null, net: 5_000 }],
    ["a full refund", 5_000, rows({ refunds: [refund(5_000)] }), { state: "refunded", refunded: 5_000, net: 0 }],
    ["a partial refund", 5_000, rows({ refunds: [refund(1_200)] }), { state: "partially_refunded", refunded: 1_200, net: 3_800 }],
    ["a pending refund counts", 5_000, rows({ refunds: [refund(1_000, "pending")] }), { state: "partially_refunded", net: 4_000 }],
    ["a failed refund does not", 5_000, rows({ refunds: [refund(5_000, "failed")] }), { state: null, refunded: 0, net: 5_000 }],
    ["a pre-payment credit lowers what was due, not the net", 4_000, rows({ creditNotes: [note("pre_payment", 1_000, 0)] }), { state: "credited", creditedBeforePayment: 1_000, net: 4_000 }],
    ["a post-payment credit to the balance", 5_000, rows({ creditNotes: [note("post_payment", 0, 2_000)] }), { state: "credited", creditedAfterPayment: 2_000, net: 3_000 }],
    ["a post-payment credit paid back as a refund counts once", 5_000, rows({ refunds: [refund(500)], creditNotes: [note("post_payment", 0, 2_000, 500)] }), { refunded: 500, creditedAfterPayment: 1_500, net: 3_000 }],
    ["a voided credit note counts for nothing", 5_000, rows({ creditNotes: [note("post_payment", 0, 2_000, 0, "void")] }), { state: null, net: 5_000 }],
    ["an open dispute puts money at risk", 5_000, rows({ disputes: [dispute(5_000, "needs_response")] }), { state: "disputed", disputed: 5_000, net: 5_000 }],
    ["a lost dispute returned it", 5_000, rows({ disputes: [dispute(5_000, "lost")] }), { state: "dispute_lost", disputeLost: 5_000, net: 0 }],
    ["a won dispute kept it", 5_000, rows({ disputes: [dispute(5_000, "won")] }), { state: "dispute_won", disputed: 0, net: 5_000 }],
  ] as const)("%s", (_name, paid, input, expected) => {
    expect(summarizeReturnedMoney(paid, input)).toMatchObject(expected);
  });
});

describe("the revenue rollups", () => {
  const paid: InvoiceRollupState = {
    tenantId: "t1", customerId: "c1", status: "paid", currency: "usd", total: 10_000, amountPaid: 10_000, amountRemaining: 0,
    stripeCreatedAt: at, paidAt: at, dueDate: null, paymentFailed: false, refunded: 2_500, credited: 1_000, disputeLost: 500,
  };

  it("keep gross and each kind of returned money, and count a customer's revenue net", () => {
    const contributions = contributionsOf(paid);
    const revenue = contributions.find((c) => c.table === "report_revenue_daily" && c.key[0] === "t1");
    expect(revenue?.values).toEqual([1, 10_000, 10_000, 0, 2_500, 1_000, 500]);
    const customer = contributions.find((c) => c.table === "report_customer_monthly");
    expect(customer?.values).toEqual([1, 6_000]);
  });
});
