// A replay's dry run: validates the payload (as edited) and tells what replaying it would change
// in Ledgerline's records — without sending anything.
import { wasApplied } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";
import { stripeEventName } from "@/lib/events/definitions";
import { withMinorUnits } from "@/lib/money/minor-units";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeCustomerSchema, stripeInvoiceSchema, stripeSubscriptionSchema } from "@/lib/stripe/schemas";
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

type EffectKind = "invoice" | "customer" | "subscription";

interface StoredRecord {
  id: string;
  lastEventCreatedAt: Date | null;
}

/** What replaying `eventId` would do to one stored record (or to none yet). */
async function effectOn<R extends StoredRecord>(
  kind: EffectKind,
  stripeId: string,
  stored: R | null,
  eventId: string,
  created: Date,
  fields: (stored: R) => [string, unknown, unknown][],
) {
  if (!stored) return { kind, stripeId, exists: false, alreadyApplied: false, stale: false, changes: [{ field: kind, from: null, to: "created" }] };
  return {
    kind,
    stripeId,
    exists: true,
    alreadyApplied: await wasApplied(db(), kind, stored.id, eventId),
    stale: Boolean(stored.lastEventCreatedAt && stored.lastEventCreatedAt > created),
    changes: compare(fields(stored)),
  };
}

async function invoiceEffect(object: unknown, eventId: string, created: Date) {
  const invoice = stripeInvoiceSchema.parse(object);
  const row = await db().invoice.findUnique({ where: { stripeInvoiceId: invoice.id } });
  const stored = row && withMinorUnits(row);
  return effectOn("invoice", invoice.id, stored, eventId, created, (row) => [
    ["status", row.status, invoice.status],
    ["number", row.number, invoice.number],
    ["total", row.total, invoice.total],
    ["amountDue", row.amountDue, invoice.amount_due],
    ["amountPaid", row.amountPaid, invoice.amount_paid],
    ["amountRemaining", row.amountRemaining, invoice.amount_remaining],
  ]);
}

async function customerEffect(object: unknown, eventId: string, created: Date) {
  const customer = stripeCustomerSchema.parse(object);
  const stored = await db().customer.findUnique({ where: { stripeCustomerId: customer.id } });
  return effectOn("customer", customer.id, stored, eventId, created, (row) => [
    ["name", row.name, customer.name],
    ["email", row.email, customer.email],
    ["deleted", row.deleted, customer.deleted ?? false],
  ]);
}

async function subscriptionEffect(object: unknown, eventId: string, created: Date) {
  const subscription = stripeSubscriptionSchema.parse(object);
  const stored = await db().subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
  return effectOn("subscription", subscription.id, stored, eventId, created, (row) => [
    ["status", row.status, subscription.status],
    ["currency", row.currency, subscription.currency],
  ]);
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
    eventName: stripeEventName(event.type),
    target: effect ? { kind: effect.kind, stripeId: effect.stripeId, exists: effect.exists } : { kind: "unknown" as const, stripeId: null, exists: false },
    alreadyApplied: effect?.alreadyApplied ?? false,
    stale: effect?.stale ?? false,
    changes: effect?.changes ?? [],
  };
  return { ...result, summary: summarize(result) };
}
