// What a usage increment looks like on the wire (POST /api/usage) and to the server function.
import { z } from "zod";
import { storableText } from "@/lib/validation/storable-text";

export const usageIncrementSchema = z.strictObject({
  /** Client-chosen; a retry with the same key records nothing new. */
  idempotencyKey: z.string().trim().min(8).max(200).regex(/^[\w.:\-]+$/, "letters, digits, _ . : - only"),
  /** The Stripe customer (cus_…) the usage belongs to; must be one of the key's tenant's customers. */
  customer: z.string().trim().min(5).max(255).startsWith("cus_"),
  /** A specific draft invoice (in_…); default: the customer's newest draft. */
  invoice: z.string().trim().min(4).max(255).startsWith("in_").optional(),
  /** The usage line (one Stripe invoice item per draft invoice and line). */
  line: z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9_.\-]*$/, "lowercase letters, digits, _ . - only"),
  description: storableText(200).transform((value) => value.trim()).pipe(z.string().min(1, "must not be empty")),
  /** Price of one unit in minor units of the invoice's currency; fixed for the line once set. */
  unitAmount: z.number().int().min(0).max(100_000_000),
  quantity: z.number().int().min(1).max(1_000_000),
});

export type UsageIncrementInput = z.output<typeof usageIncrementSchema>;
