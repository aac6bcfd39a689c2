// What went back from one invoice, as the customer's billing pages show it: each refund, credit
// note and dispute with what it was, the net the invoice kept, and one state for its badge. Pure,
// integer minor units only; no dates (ISO strings) so it survives JSON.
import { closedDisputeStatuses } from "./dispute-statuses";

export type ReturnedState = "refunded" | "partially_refunded" | "credited" | "disputed" | "dispute_lost" | "dispute_won";

export interface ReturnedMoneyItem {
  kind: "refund" | "credit_note" | "dispute";
  stripeId: string;
  /** What it is: "full refund", "pre-payment credit note", "dispute lost"… */
  label: string;
  status: string;
  amount: number;
  reason: string | null;
  at: string;
}

export interface ReturnedMoney {
  state: ReturnedState | null;
  refunded: number;
  /** Issued credit notes: lowering what was due (pre-payment), and after payment (refunds apart). */
  creditedBeforePayment: number;
  creditedAfterPayment: number;
  /** Open disputes: money at risk, not yet returned. */
  disputed: number;
  disputeLost: number;
  /** Paid minus refunds, post-payment credits and lost disputes. */
  net: number;
  items: ReturnedMoneyItem[];
}

export interface ReturnedRows {
  refunds: { stripeRefundId: string; amount: number; status: string; reason: string | null; stripeCreatedAt: Date }[];
  creditNotes: { stripeCreditNoteId: string; type: string; status: string; reason: string | null; total: number; prePaymentAmount: number; postPaymentAmount: number; refundedAmount: number; stripeCreatedAt: Date }[];
  disputes: { stripeDisputeId: string; amount: number; status: string; reason: string; stripeCreatedAt: Date }[];
}

const COUNTED_REFUND = new Set(["pending", "succeeded"]);
const words = (value: string) => value.replaceAll("_", " ");

export function summarizeReturnedMoney(amountPaid: number, rows: ReturnedRows): ReturnedMoney {
  const refunded = rows.refunds.filter((r) => COUNTED_REFUND.has(r.status)).reduce((sum, r) => sum + r.amount, 0);
  const issued = rows.creditNotes.filter((c) => c.status === "issued");
  const creditedBeforePayment = issued.reduce((sum, c) => sum + c.prePaymentAmount, 0);
  const creditedAfterPayment = issued.reduce((sum, c) => sum + Math.max(c.postPaymentAmount - c.refundedAmount, 0), 0);
  const open = rows.disputes.filter((d) => !closedDisputeStatuses.includes(d.status));
  const disputed = open.reduce((sum, d) => sum + d.amount, 0);
  const disputeLost = rows.disputes.filter((d) => d.status === "lost").reduce((sum, d) => sum + d.amount, 0);
  const won = rows.disputes.some((d) => d.status === "won");

  const state: ReturnedState | null =
    open.length > 0 ? "disputed"
    : disputeLost > 0 ? "dispute_lost"
    : refunded > 0 && refunded >= amountPaid ? "refunded"
    : refunded > 0 ? "partially_refunded"
    : creditedBeforePayment + creditedAfterPayment > 0 ? "credited"
    : won ? "dispute_won"
    : null;

  const items: ReturnedMoneyItem[] = [
    ...rows.refunds.map((r) => ({
      kind: "refund" as const,
      stripeId: r.stripeRefundId,
      label: COUNTED_REFUND.has(r.status) ? (r.amount >= amountPaid ? "full refund" : "partial refund") : `refund ${words(r.status)}`,
      status: r.status,
      amount: r.amount,
      reason: r.reason && words(r.reason),
      at: r.stripeCreatedAt.toISOString(),
    })),
    ...rows.creditNotes.map((c) => ({
      kind: "credit_note" as const,
      stripeId: c.stripeCreditNoteId,
      label: `${c.status === "void" ? "voided " : ""}${c.type === "pre_payment" ? "pre-payment" : c.type === "post_payment" ? "post-payment" : "mixed"} credit note`,
      status: c.status,
      amount: c.total,
      reason: c.reason && words(c.reason),
      at: c.stripeCreatedAt.toISOString(),
    })),
    ...rows.disputes.map((d) => ({
      kind: "dispute" as const,
      stripeId: d.stripeDisputeId,
      label: d.status === "won" ? "dispute won" : d.status === "lost" ? "dispute lost" : closedDisputeStatuses.includes(d.status) ? "dispute closed" : "dispute opened",
      status: d.status,
      amount: d.amount,
      reason: words(d.reason),
      at: d.stripeCreatedAt.toISOString(),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  return { state, refunded, creditedBeforePayment, creditedAfterPayment, disputed, disputeLost, net: amountPaid - refunded - creditedAfterPayment - disputeLost, items };
}

/** How a state reads on a badge. */
export const returnedStateLabels: Record<ReturnedState, string> = {
  refunded: "refunded",
  partially_refunded: "partially refunded",
  credited: "credited",
  disputed: "disputed",
  dispute_lost: "dispute lost",
  dispute_won: "dispute won",
};
