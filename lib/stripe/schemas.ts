// The parts of Stripe's objects Ledgerline reads, validated: a malformed or hostile payload is
// rejected before it can touch the database.
import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";
import { isSafeInvoiceUrl } from "./invoice-urls";

/** Stripe amounts are integers of minor units; the columns are 32-bit. */
const minorUnits = z.number().int().min(-2_147_483_648).max(2_147_483_647);
const nonNegativeMinorUnits = minorUnits.min(0);
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

export const stripeInvoiceLineSchema = z.object({
  id: z.string().min(3).max(255),
  description: text.nullish(),
  quantity: z.number().int().min(0).max(2_147_483_647).nullish(),
  amount: minorUnits,
  currency,
  period: z.object({ start: unixSeconds, end: unixSeconds }).nullish(),
  price: z.object({ unit_amount: minorUnits.nullish() }).nullish(),
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
  current_period_start: unixSeconds.nullish(),
  current_period_end: unixSeconds.nullish(),
  canceled_at: unixSeconds.nullish(),
  created: unixSeconds,
  items: z
    .object({
      data: z
        .array(
          z.object({
            quantity: z.number().int().min(0).nullish(),
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
