// The parts of Stripe's objects Ledgerline reads, validated: a malformed or hostile payload is
// rejected before it can touch the database.
import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";
import { isSafeInvoiceUrl } from "./invoice-urls";

/**
 * Stripe amounts are integers of minor units (its API caps them far below this); beyond
 * Number.MAX_SAFE_INTEGER a JSON number is no longer exact, so such an amount is refused.
 */
const minorUnits = z
  .number()
  .min(-Number.MAX_SAFE_INTEGER, "is beyond the exact range of an amount (±9,007,199,254,740,991 minor units)")
  .max(Number.MAX_SAFE_INTEGER, "is beyond the exact range of an amount (±9,007,199,254,740,991 minor units)")
  .int("must be a whole number of minor units");
const nonNegativeMinorUnits = minorUnits.min(0, "must not be negative");
/**
 * A decimal amount as Stripe writes `unit_amount_decimal` (up to 12 decimal places): a string in a
 * webhook's JSON, a `Stripe.Decimal` from the SDK's list calls — read as its string either way.
 */
const decimalAmount = z.preprocess(
  (value) => (typeof value === "object" && value !== null && value.toString !== Object.prototype.toString ? String(value) : value),
  z.string().max(40).regex(/^-?\d{1,16}(\.\d{1,12})?$/, "must be a decimal amount"),
);
const unixSeconds = z.number().int().min(0).max(253_402_300_799);
const currency = z
  .string()
  .regex(/^[a-z]{3}$/, "must be a lowercase ISO 4217 code")
  .refine((code) => knownCurrencies.has(code), "is not a known ISO 4217 currency");
const stripeId = (prefix: string) => z.string().min(prefix.length + 1).max(255).startsWith(prefix);
const expandable = (prefix: string) => z.union([stripeId(prefix), z.object({ id: stripeId(prefix) }).transform((o) => o.id)]);
const text = storableText(5000);
/** ISO 4217 codes the runtime knows; an unknown currency cannot be formatted or summed safely. */
const knownCurrencies = new Set(Intl.supportedValuesOf("currency").map((code) => code.toLowerCase()));
/** A link shown to customers: https only (the local simulator's loopback http aside). */
const invoiceUrl = z.url().max(2048).refine((url) => isSafeInvoiceUrl(url), "must be an https URL");

export const stripeInvoiceStatuses = ["draft", "open", "paid", "uncollectible", "void"] as const;

/** A price, by id or expanded (only its unit amount is read). */
const priceRef = z.union([stripeId("price_"), z.object({ id: stripeId("price_").optional(), unit_amount: minorUnits.nullish() })]);

export const stripeInvoiceLineSchema = z.object({
  id: z.string().min(3).max(255),
  description: text.nullish(),
  quantity: z.number().int().min(0).max(2_147_483_647).nullish(),
  amount: minorUnits,
  currency,
  period: z.object({ start: unixSeconds, end: unixSeconds }).nullish(),
  // Since 2025-03-31.basil the unit price is under `pricing` (a decimal string) …
  pricing: z
    .object({
      type: z.string().max(64).optional(),
      price_details: z.object({ price: priceRef.nullish(), product: z.string().max(255).nullish() }).nullish(),
      unit_amount_decimal: decimalAmount.nullish(),
    })
    .nullish(),
  // … and what generated the line under `parent`.
  parent: z
    .object({
      type: z.string().max(64).optional(),
      subscription_item_details: z.object({ subscription: z.string().max(255).nullish(), subscription_item: z.string().max(255).nullish() }).nullish(),
      invoice_item_details: z.object({ subscription: z.string().max(255).nullish(), invoice_item: z.string().max(255).nullish() }).nullish(),
    })
    .nullish(),
  // Older API versions: the price and subscription on the line itself.
  price: z.object({ unit_amount: minorUnits.nullish() }).nullish(),
  subscription: expandable("sub_").nullish(),
});

export type StripeInvoiceLine = z.infer<typeof stripeInvoiceLineSchema>;

/** One of the invoice's payments (since 2025-03-31.basil; `payments` is included on request). */
const stripeInvoicePaymentSchema = z.object({
  id: z.string().min(3).max(255),
  status: z.string().max(64).nullish(),
  amount_paid: nonNegativeMinorUnits.nullish(),
  amount_requested: nonNegativeMinorUnits.nullish(),
  is_default: z.boolean().nullish(),
  payment: z.object({ type: z.string().max(64).optional(), payment_intent: expandable("pi_").nullish(), charge: expandable("ch_").nullish() }).nullish(),
});

export const stripeInvoiceSchema = z.object({
  object: z.literal("invoice"),
  id: stripeId("in_"),
  customer: expandable("cus_"),
  number: text.nullish(),
  status: z.enum(stripeInvoiceStatuses),
  currency,
  subtotal: minorUnits,
  total: minorUnits,
  amount_due: nonNegativeMinorUnits,
  amount_paid: nonNegativeMinorUnits,
  amount_remaining: nonNegativeMinorUnits,
  period_start: unixSeconds,
  period_end: unixSeconds,
  due_date: unixSeconds.nullish(),
  hosted_invoice_url: invoiceUrl.nullish(),
  invoice_pdf: invoiceUrl.nullish(),
  created: unixSeconds,
  status_transitions: z
    .object({ finalized_at: unixSeconds.nullish(), paid_at: unixSeconds.nullish() })
    .partial()
    .nullish(),
  // An embedded list is Stripe's first page (10 lines by default): `has_more` and `total_count` say
  // whether it is the whole list. Older payloads and stored snapshots carry `data` alone.
  lines: z
    .object({
      data: z.array(stripeInvoiceLineSchema).max(1000),
      has_more: z.boolean().optional(),
      total_count: z.number().int().min(0).optional(),
      url: z.string().max(2048).optional(),
    })
    .nullish(),
  // The subscription it bills: `parent.subscription_details` since 2025-03-31.basil, `subscription` before.
  parent: z
    .object({
      type: z.string().max(64).optional(),
      subscription_details: z.object({ subscription: expandable("sub_").nullish() }).nullish(),
    })
    .nullish(),
  subscription: expandable("sub_").nullish(),
  payments: z.object({ data: z.array(stripeInvoicePaymentSchema).max(100), has_more: z.boolean().optional() }).nullish(),
});

export type StripeInvoice = z.infer<typeof stripeInvoiceSchema>;

/**
 * What an `invoice.deleted` event is read for: the invoice's id, and its customer when the event
 * carries the whole invoice (Stripe's API answers a delete with `{ id, object, deleted: true }`).
 */
export const stripeDeletedInvoiceSchema = z.object({
  object: z.literal("invoice"),
  id: stripeId("in_"),
  customer: expandable("cus_").nullish(),
  deleted: z.boolean().optional(),
});

export type StripeDeletedInvoice = z.infer<typeof stripeDeletedInvoiceSchema>;

export const stripeCustomerSchema = z.object({
  object: z.literal("customer"),
  id: stripeId("cus_"),
  name: text.nullish(),
  email: z.string().max(512).nullish(),
  deleted: z.boolean().optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
  created: unixSeconds.optional(),
});

export type StripeCustomer = z.infer<typeof stripeCustomerSchema>;

export const stripeSubscriptionSchema = z.object({
  object: z.literal("subscription"),
  id: stripeId("sub_"),
  customer: expandable("cus_"),
  status: z.string().min(1).max(64),
  currency,
  // Older API versions only: since 2025-03-31.basil the periods are on each item.
  current_period_start: unixSeconds.nullish(),
  current_period_end: unixSeconds.nullish(),
  canceled_at: unixSeconds.nullish(),
  created: unixSeconds,
  items: z
    .object({
      data: z
        .array(
          z.object({
            quantity: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish(),
            current_period_start: unixSeconds.nullish(),
            current_period_end: unixSeconds.nullish(),
            price: z.object({
              unit_amount: nonNegativeMinorUnits.nullish(),
              recurring: z.object({ interval: z.string().max(16) }).nullish(),
            }),
          }),
        )
        .max(100),
    })
    .nullish(),
});

export type StripeSubscription = z.infer<typeof stripeSubscriptionSchema>;

/** The envelope of every webhook event; `data.object` is validated per type by its handler. */
export const stripeEventSchema = z.object({
  id: stripeId("evt_"),
  object: z.literal("event"),
  type: z.string().min(1).max(128).regex(/^[a-z0-9_.]+$/, "must be a Stripe event type"),
  api_version: z.string().max(64).nullish(),
  created: unixSeconds,
  livemode: z.boolean(),
  data: z.object({
    object: z.record(z.string(), z.unknown()),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export type StripeEvent = z.infer<typeof stripeEventSchema>;
