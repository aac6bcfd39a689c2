// The parts of Stripe's refunds, charges, credit notes, disputes and invoice payments Ledgerline
// reads (API version 2026-10-28.endive), validated before anything is stored. A charge no longer
// names its invoice: refunds and disputes reach their invoice through the payment intent or the
// charge of an invoice payment; a credit note names its invoice itself.
import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";

/** Stripe amounts are integers of minor units; beyond the exact range of a JSON number they are refused. */
const amount = z.number().int("must be a whole number of minor units").min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER, "is beyond the exact range of an amount");
const unixSeconds = z.number().int().min(0).max(253_402_300_799);
const currency = z.string().regex(/^[a-z]{3}$/, "must be a lowercase ISO 4217 code");
const stripeId = (prefix: string) => z.string().min(prefix.length + 1).max(255).startsWith(prefix);
/** An id, or the object when expanded (only its id is read). */
const expandable = (prefix: string) => z.union([stripeId(prefix), z.object({ id: stripeId(prefix) }).transform((o) => o.id)]);
const label = z.string().max(255);

export const stripeRefundSchema = z.object({
  object: z.literal("refund"),
  id: z.string().min(4).max(255).regex(/^(re|pyr)_/, "must be a refund id"),
  amount,
  currency,
  charge: expandable("ch_").nullish(),
  payment_intent: expandable("pi_").nullish(),
  status: label.nullish(),
  reason: label.nullish(),
  created: unixSeconds,
});
export type StripeRefund = z.infer<typeof stripeRefundSchema>;

export const stripeChargeSchema = z.object({
  object: z.literal("charge"),
  id: stripeId("ch_"),
  amount,
  amount_refunded: amount,
  currency,
  payment_intent: expandable("pi_").nullish(),
  refunded: z.boolean().optional(),
  created: unixSeconds,
  // API versions before 2022-11-15 embed the charge's refunds (their first page: completed from
  // Stripe when `has_more`, lib/money-returned/complete-charge-refunds.ts).
  refunds: z.object({ data: z.array(stripeRefundSchema).max(100), has_more: z.boolean().optional(), total_count: z.number().int().min(0).optional() }).nullish(),
});
export type StripeCharge = z.infer<typeof stripeChargeSchema>;

export const stripeCreditNoteSchema = z.object({
  object: z.literal("credit_note"),
  id: stripeId("cn_"),
  number: label.nullish(),
  invoice: expandable("in_"),
  currency,
  total: amount,
  pre_payment_amount: amount,
  post_payment_amount: amount,
  type: z.enum(["pre_payment", "post_payment", "mixed"]),
  status: z.enum(["issued", "void"]),
  reason: label.nullish(),
  memo: storableText(5000).nullish(),
  // The part of the credit paid back as refunds (each also a Stripe refund of its own).
  refunds: z.array(z.object({ amount_refunded: amount, refund: z.union([z.string().max(255), z.object({ id: z.string().max(255) })]).nullish() })).max(1000).default([]),
  created: unixSeconds,
  voided_at: unixSeconds.nullish(),
});
export type StripeCreditNote = z.infer<typeof stripeCreditNoteSchema>;

export const stripeDisputeSchema = z.object({
  object: z.literal("dispute"),
  id: z.string().min(4).max(255).regex(/^(dp|du)_/, "must be a dispute id"),
  amount,
  currency,
  charge: expandable("ch_"),
  payment_intent: expandable("pi_").nullish(),
  status: label,
  reason: label,
  created: unixSeconds,
});
export type StripeDispute = z.infer<typeof stripeDisputeSchema>;

export const stripeInvoicePaymentSchema = z.object({
  object: z.literal("invoice_payment"),
  id: stripeId("inpay_"),
  invoice: expandable("in_"),
  payment: z.object({
    type: label,
    payment_intent: expandable("pi_").nullish(),
    charge: expandable("ch_").nullish(),
  }),
  status: label.nullish(),
});
export type StripeInvoicePayment = z.infer<typeof stripeInvoicePaymentSchema>;
