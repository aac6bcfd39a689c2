// What a usage increment looks like on the wire (POST /api/usage, single or batch), a correction
// (POST /api/usage/corrections), and the server function's input.
import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";

/** Largest batch one POST /api/usage carries. */
export const MAX_USAGE_BATCH = 1_000;

const idempotencyKey = z.string().trim().min(8).max(200).regex(/^[\w.:\-]+$/, "letters, digits, _ . : - only");

export const usageIncrementSchema = z.strictObject({
  /** Client-chosen; a retry with the same key records nothing new. */
  idempotencyKey,
  /** The Stripe customer (cus_…) the usage belongs to; must be one of the key's tenant's customers. */
  customer: z.string().trim().min(5).max(255).startsWith("cus_"),
  /** A specific draft invoice (in_…); default: the customer's newest draft, or the next one. */
  invoice: z.string().trim().min(4).max(255).startsWith("in_").optional(),
  /** The usage line (one Stripe invoice item per draft invoice and line). */
  line: z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9_.\-]*$/, "lowercase letters, digits, _ . - only"),
  description: storableText(200).transform((value) => value.trim()).pipe(z.string().min(1, "must not be empty")),
  /** Price of one unit in minor units of the invoice's currency; fixed for the line once set. */
  unitAmount: z.number().int().min(0).max(100_000_000),
  quantity: z.number().int().min(1).max(1_000_000),
});

export type UsageIncrementInput = z.output<typeof usageIncrementSchema>;

/** The batch form: each item is validated on its own, so one bad item never refuses the others. */
export const usageBatchSchema = z.strictObject({
  increments: z.array(z.unknown()).min(1, "send at least one increment").max(MAX_USAGE_BATCH, `at most ${MAX_USAGE_BATCH} increments per request`),
});

export const usageCorrectionSchema = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("amend"),
    /** Key of this correction: a retry with it records nothing new. */
    idempotencyKey,
    /** The idempotency key of the increment to correct. */
    increment: idempotencyKey,
    /** What the increment should have said. */
    quantity: z.number().int().min(0).max(1_000_000),
    reason: storableText(500).transform((value) => value.trim()).pipe(z.string().min(3, "say why, in a few words")),
  }),
  z.strictObject({
    action: z.literal("void"),
    idempotencyKey,
    increment: idempotencyKey,
    reason: storableText(500).transform((value) => value.trim()).pipe(z.string().min(3, "say why, in a few words")),
  }),
]);

export type UsageCorrectionInput = z.output<typeof usageCorrectionSchema>;

export const usageTotalsQuerySchema = z.strictObject({
  customer: z.string().trim().min(5).max(255).startsWith("cus_"),
});
