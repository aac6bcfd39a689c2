// A replay's dry run: validates the payload (as edited) and tells what replaying it would change
// in Ledgerline's records — without sending anything.
import { wasApplied } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeCustomerSchema, stripeInvoiceSchema, stripeSubscriptionSchema } from "@/lib/stripe/schemas";
import { inngestEventName } from "@/lib/webhooks/handled-event-types";
import { checkReplayPayload, diffJson, type DiffEntry, type PayloadIssue } from "./replay-payload";

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface DryRunResult {
  valid: boolean;
  issues: PayloadIssue[];
  payloadDiff: DiffEntry[];
  eventName: string | null;
  target: { kind: "invoice" | "customer" | "subscription" | "unknown"; stripeId: string | null; exists: boolean };
  /** The event already changed this record: the replay would be a harmless no-op. */
  alreadyApplied: boolean;
  /** The stored record is newer than the event: the replay would not overwrite it. */
  stale: boolean;
  changes: FieldChange[];
  summary: string;
}

function compare(fields: [string, unknown, unknown][]): FieldChange[] {
  return fields.filter(([, from, to]) => JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)).map(([field, from, to]) => ({ field, from: from ?? null, to: to ?? null }));
}

async function invoiceEffect(object: unknown, eventId: string, created: Date) {
  const invoice = stripeInvoiceSchema.parse(object);
  const stored = await db().invoice.findUnique({ where: { stripeInvoiceId: invoice.id } });
  if (!stored) return { kind: "invoice" as const, stripeId: invoice.id, exists: false, alreadyApplied: false, stale: false, changes: [{ field: "invoice", from: null, to: "created" }] };
  return {
    kind: "invoice" as const,
    stripeId: invoice.id,
    exists: true,
    alreadyApplied: await wasApplied(db(), "invoice", stored.id, eventId),
    stale: Boolean(stored.lastEventCreatedAt && stored.lastEventCreatedAt > created),
    changes: compare([
      ["status", stored.status, invoice.status],
      ["number", stored.number, invoice.number],
      ["total", stored.total, invoice.total],
      ["amountDue", stored.amountDue, invoice.amount_due],
      ["amountPaid", stored.amountPaid, invoice.amount_paid],
      ["amountRemaining", stored.amountRemaining, invoice.amount_remaining],
    ]),
  };
}

async function customerEffect(object: unknown, eventId: string, created: Date) {
  const customer = stripeCustomerSchema.parse(object);
  const stored = await db().customer.findUnique({ where: { stripeCustomerId: customer.id } });
  if (!stored) return { kind: "customer" as const, stripeId: customer.id, exists: false, alreadyApplied: false, stale: false, changes: [{ field: "customer", from: null, to: "created" }] };
  return {
    kind: "customer" as const,
    stripeId: customer.id,
    exists: true,
    alreadyApplied: await wasApplied(db(), "customer", stored.id, eventId),
    stale: Boolean(stored.lastEventCreatedAt && stored.lastEventCreatedAt > created),
    changes: compare([
      ["name", stored.name, customer.name],
      ["email", stored.email, customer.email],
      ["deleted", stored.deleted, customer.deleted ?? false],
    ]),
  };
}

async function subscriptionEffect(object: unknown, eventId: string, created: Date) {
  const subscription = stripeSubscriptionSchema.parse(object);
  const stored = await db().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
  if (!stored) return { kind: "subscription" as const, stripeId: subscription.id, exists: false, alreadyApplied: false, stale: false, changes: [{ field: "subscription", from: null, to: "created" }] };
  return {
    kind: "subscription" as const,
    stripeId: subscription.id,
    exists: true,
    alreadyApplied: await wasApplied(db(), "subscription", stored.id, eventId),
    stale: Boolean(stored.lastEventCreatedAt && stored.lastEventCreatedAt > created),
    changes: compare([
      ["status", stored.status, subscription.status],
      ["currency", stored.currency, subscription.currency],
    ]),
  };
}

function summarize(result: Omit<DryRunResult, "summary">): string {
  if (!result.valid) return "The payload is not valid: nothing would be sent.";
  if (result.alreadyApplied) return "This event was already applied: the replay would change nothing and close the failure.";
  if (result.stale) return "The stored record is newer than this event: the replay would not overwrite it.";
  if (result.changes.length === 0) return "The replay would run the job and change no stored field.";
  return `The replay would change ${result.changes.length} field(s).`;
}

export async function dryRunReplay(envelopeId: string, editedPayload?: unknown): Promise<DryRunResult> {
  const envelope = await db().failureEnvelope.findUnique({ where: { id: envelopeId }, select: { payload: true } });
  if (!envelope) throw new AppError("not_found", "That failure does not exist.");
  const payload = (editedPayload ?? envelope.payload) as Prisma.JsonValue;
  const check = checkReplayPayload(payload, envelope.payload);
  const payloadDiff = editedPayload === undefined ? [] : diffJson(envelope.payload, editedPayload);
  const base = { payloadDiff, alreadyApplied: false, stale: false, changes: [] as FieldChange[] };
  if (!check.ok) {
    const result = { ...base, valid: false, issues: check.issues, eventName: null, target: { kind: "unknown" as const, stripeId: null, exists: false } };
    return { ...result, summary: summarize(result) };
  }
  const event = check.stripeEvent;
  const created = fromUnixSeconds(event.created);
  const object = event.data.object;
  const effect = event.type.startsWith("invoice.")
    ? await invoiceEffect(object, event.id, created)
    : event.type.startsWith("customer.subscription.")
      ? await subscriptionEffect(object, event.id, created)
      : event.type.startsWith("customer.")
        ? await customerEffect(object, event.id, created)
        : null;
  const result = {
    ...base,
    valid: true,
    issues: [],
    eventName: inngestEventName(event.type),
    target: effect ? { kind: effect.kind, stripeId: effect.stripeId, exists: effect.exists } : { kind: "unknown" as const, stripeId: null, exists: false },
    alreadyApplied: effect?.alreadyApplied ?? false,
    stale: effect?.stale ?? false,
    changes: effect?.changes ?? [],
  };
  return { ...result, summary: summarize(result) };
}
