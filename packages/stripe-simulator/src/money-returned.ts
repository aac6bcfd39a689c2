// Event-emitting operations for money that goes back from a paid invoice — refunds, post-payment
// credit notes, disputes — with the objects and events of API version 2026-10-28.endive. They act
// on the derived payment of a simulated invoice (resources/invoice-payments.ts: `pi_X`, `ch_X`), so
// the app links them to their invoice as it does with Stripe. Kept in memory, outside the state
// file (refunds in `sim.refunds`, served by resources/refunds.ts); the invoice itself is not changed
// (Stripe keeps a refunded invoice `paid`).
import type { SimContext } from "./context";
import { invalidRequest } from "./errors";
import { randomToken } from "./ids";
import { paymentIdsOf } from "./resources/invoice-payments";
import { AUTOMATIC, type InvoiceRecord } from "./types";

export interface MoneyReturnedActions {
  /**
   * Refunds `amount` (default: what is left) of a paid invoice: `refund.created`, then `charge.refunded`.
   * `withoutEvents` records a refund made long ago: listed by the API, its events never sent.
   */
  refundInvoice(invoiceId: string, options?: { amount?: number; reason?: "duplicate" | "fraudulent" | "requested_by_customer"; withoutEvents?: boolean }): { id: string };
  /** A post-payment credit note credited to the customer's balance: `credit_note.created`. */
  creditInvoice(invoiceId: string, options: { amount: number; reason?: "duplicate" | "fraudulent" | "order_change" | "product_unsatisfactory"; memo?: string }): { id: string };
  /** Opens a dispute on the invoice's payment: `charge.dispute.created`. */
  disputeInvoice(invoiceId: string, options?: { reason?: string }): { id: string };
  /** Closes a dispute as won or lost: `charge.dispute.closed`. */
  closeDispute(disputeId: string, outcome: "won" | "lost"): void;
}

export function moneyReturnedActions(sim: SimContext): MoneyReturnedActions {
  const disputes = new Map<string, Record<string, unknown>>();

  const paidInvoice = (invoiceId: string): InvoiceRecord => {
    const invoice = sim.store.invoices.get(invoiceId);
    if (!invoice || invoice.status !== "paid" || invoice.amount_paid <= 0) throw invalidRequest(`Invoice ${invoiceId} has no payment to return money from.`);
    return invoice;
  };
  const customerOf = (invoice: InvoiceRecord) => (typeof invoice.customer === "string" ? invoice.customer : (invoice.customer?.id ?? null));

  return {
    refundInvoice(invoiceId, options = {}) {
      const invoice = paidInvoice(invoiceId);
      const ids = paymentIdsOf(invoice.id);
      const already = sim.refunds.refundedOn(ids.charge);
      const amount = options.amount ?? invoice.amount_paid - already;
      if (amount <= 0 || already + amount > invoice.amount_paid) throw invalidRequest(`Refund amount (${amount}) is greater than what is left to refund on ${ids.charge}.`);
      const now = sim.now();
      const refund = sim.refunds.add({
        id: `re_${randomToken(24)}`,
        object: "refund",
        amount,
        balance_transaction: `txn_${randomToken(24)}`,
        charge: ids.charge,
        created: now,
        currency: invoice.currency,
        metadata: {},
        payment_intent: ids.paymentIntent,
        reason: options.reason ?? null,
        receipt_number: null,
        source_transfer_reversal: null,
        status: "succeeded",
        transfer_reversal: null,
      });
      if (options.withoutEvents) return { id: refund.id };
      sim.events.record("refund.created", refund, AUTOMATIC);
      const charge = {
        id: ids.charge,
        object: "charge",
        amount: invoice.amount_paid,
        amount_captured: invoice.amount_paid,
        amount_refunded: already + amount,
        captured: true,
        created: invoice.status_transitions?.paid_at ?? invoice.created,
        currency: invoice.currency,
        customer: customerOf(invoice),
        disputed: false,
        livemode: false,
        metadata: {},
        paid: true,
        payment_intent: ids.paymentIntent,
        refunded: already + amount >= invoice.amount_paid,
        status: "succeeded",
      };
      sim.events.record("charge.refunded", charge, AUTOMATIC, { amount_refunded: already, refunded: false });
      return { id: refund.id };
    },

    creditInvoice(invoiceId, options) {
      const invoice = paidInvoice(invoiceId);
      if (options.amount <= 0 || options.amount > invoice.amount_paid) throw invalidRequest(`The credit note's amount must be between 1 and ${invoice.amount_paid}.`);
      const now = sim.now();
      const id = `cn_${randomToken(24)}`;
      const note = {
        id,
        object: "credit_note",
        amount: options.amount,
        amount_shipping: 0,
        created: now,
        currency: invoice.currency,
        customer: customerOf(invoice),
        customer_balance_transaction: `cbtxn_${randomToken(24)}`,
        discount_amount: 0,
        discount_amounts: [],
        effective_at: now,
        invoice: invoice.id,
        lines: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/credit_notes/${id}/lines` },
        livemode: false,
        memo: options.memo ?? null,
        metadata: {},
        number: `${invoice.number ?? "CN"}-CN`,
        out_of_band_amount: null,
        pdf: `${sim.baseUrl()}/hosted/credit_notes/${id}.pdf`,
        post_payment_amount: options.amount,
        pre_payment_amount: 0,
        pretax_credit_amounts: [],
        reason: options.reason ?? null,
        refunds: [],
        shipping_cost: null,
        status: "issued",
        subtotal: options.amount,
        subtotal_excluding_tax: options.amount,
        total: options.amount,
        total_excluding_tax: options.amount,
        total_taxes: [],
        type: "post_payment",
        voided_at: null,
      };
      sim.events.record("credit_note.created", note, AUTOMATIC);
      return { id };
    },

    disputeInvoice(invoiceId, options = {}) {
      const invoice = paidInvoice(invoiceId);
      const ids = paymentIdsOf(invoice.id);
      const now = sim.now();
      const dispute = {
        id: `dp_${randomToken(24)}`,
        object: "dispute",
        // What is still on the charge: refunded money cannot be disputed.
        amount: invoice.amount_paid - sim.refunds.refundedOn(ids.charge),
        balance_transactions: [],
        charge: ids.charge,
        created: now,
        currency: invoice.currency,
        evidence_details: { due_by: now + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0 },
        is_charge_refundable: false,
        livemode: false,
        metadata: {},
        payment_intent: ids.paymentIntent,
        reason: options.reason ?? "fraudulent",
        status: "needs_response",
      };
      disputes.set(dispute.id, dispute);
      sim.events.record("charge.dispute.created", dispute, AUTOMATIC);
      return { id: dispute.id };
    },

    closeDispute(disputeId, outcome) {
      const dispute = disputes.get(disputeId);
      if (!dispute) throw invalidRequest(`No such dispute: '${disputeId}'`);
      const closed = { ...dispute, status: outcome };
      disputes.set(disputeId, closed);
      sim.events.record("charge.dispute.closed", closed, AUTOMATIC, { status: dispute.status });
    },
  };
}
