// What a replayed job may be sent: the job's own schema (a Stripe event whose object matches its
// type), the same Stripe event id and type as the original (the id is what makes a replay
// idempotent), and a readable diff of any correction.
import { z } from "zod";
import { stripeCustomerSchema, stripeEventSchema, stripeInvoiceSchema, stripeSubscriptionSchema, type StripeEvent } from "@/lib/stripe/schemas";

export interface PayloadIssue {
  path: string;
  message: string;
}

export type PayloadCheck = { ok: true; stripeEvent: StripeEvent } | { ok: false; issues: PayloadIssue[] };

export function objectSchemaFor(eventType: string): z.ZodType | null {
  if (eventType.startsWith("invoice.")) return stripeInvoiceSchema;
  if (eventType.startsWith("customer.subscription.")) return stripeSubscriptionSchema;
  if (eventType.startsWith("customer.")) return stripeCustomerSchema;
  return null;
}

function issuesOf(error: z.ZodError, prefix: string): PayloadIssue[] {
  return error.issues.map((issue) => ({ path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."), message: issue.message }));
}

/** Validates a payload (`{ stripeEvent }`) against the job's schema, and against the original. */
export function checkReplayPayload(payload: unknown, original: unknown): PayloadCheck {
  const data = payload as { stripeEvent?: unknown } | null;
  if (!data || typeof data !== "object" || Array.isArray(data)) return { ok: false, issues: [{ path: "", message: "must be a JSON object with a stripeEvent" }] };
  const event = stripeEventSchema.safeParse(data.stripeEvent);
  if (!event.success) return { ok: false, issues: issuesOf(event.error, "stripeEvent") };
  const schema = objectSchemaFor(event.data.type);
  if (schema) {
    const object = schema.safeParse(event.data.data.object);
    if (!object.success) return { ok: false, issues: issuesOf(object.error, "stripeEvent.data.object") };
  }
  const before = (original as { stripeEvent?: { id?: unknown; type?: unknown } } | null)?.stripeEvent;
  const issues: PayloadIssue[] = [];
  if (before?.id !== event.data.id) issues.push({ path: "stripeEvent.id", message: "must stay the original Stripe event id (it keeps the replay idempotent)" });
  if (before?.type !== event.data.type) issues.push({ path: "stripeEvent.type", message: "must stay the original event type (it picks the job)" });
  return issues.length ? { ok: false, issues } : { ok: true, stripeEvent: event.data };
}

export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
}

/** Leaf-level differences between two JSON values, by dotted path. */
export function diffJson(before: unknown, after: unknown, path = ""): DiffEntry[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffJson(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before: before ?? null, after: after ?? null }];
}
