// Turns a raw POST /api/usage body into either one validated increment (the single form, a 400
// naming the fields when invalid) or a batch whose items are validated one by one.
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { usageBatchSchema, usageIncrementSchema, type UsageIncrementInput } from "./schemas";

export type BatchItem = { ok: true; input: UsageIncrementInput } | { ok: false; fields: Record<string, string> };

export type UsageRequest = { form: "single"; input: UsageIncrementInput } | { form: "batch"; items: BatchItem[] };

export function fieldErrors(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "body", issue.message]));
}

export function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_input", "The body must be JSON.");
  }
}

export function parseUsageIncrement(json: unknown): UsageIncrementInput {
  const parsed = usageIncrementSchema.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_input", "Some fields are not valid.", { fields: fieldErrors(parsed.error) });
  return parsed.data;
}

/** A single increment's body is small; only a batch may use the route's larger limit. */
export const MAX_SINGLE_BODY_BYTES = 16 * 1024;

export function parseUsageRequest(rawBody: string): UsageRequest {
  const json = parseJson(rawBody);
  // A batch is `{ "increments": [...] }`; anything else is one increment.
  const isBatch = json !== null && typeof json === "object" && !Array.isArray(json) && "increments" in json;
  if (!isBatch) {
    if (Buffer.byteLength(rawBody) > MAX_SINGLE_BODY_BYTES) throw new AppError("payload_too_large", "A single increment's body is larger than the 16 KiB limit.");
    return { form: "single", input: parseUsageIncrement(json) };
  }
  const batch = usageBatchSchema.safeParse(json);
  if (!batch.success) throw new AppError("invalid_input", "The batch is not valid.", { fields: fieldErrors(batch.error) });
  return {
    form: "batch",
    items: batch.data.increments.map((item) => {
      const parsed = usageIncrementSchema.safeParse(item);
      return parsed.success ? { ok: true, input: parsed.data } : { ok: false, fields: fieldErrors(parsed.error) };
    }),
  };
}
