// Every Inngest event Ledgerline sends or runs on, declared once: its name, its payload as a zod
// schema (Inngest reads zod as a Standard Schema) and the payload's type. Functions trigger on
// these event types, so `event.data` is typed in the handler and validated before a run starts;
// lib/ sends them with `sendEvents` (./send-event.ts).
import { eventType, type EventType, type StandardSchemaV1 } from "inngest";
import { z } from "zod";
import { stripeEventSchema } from "@/lib/stripe/schemas";
import type { HandledStripeEventType } from "@/lib/webhooks/handled-event-types";

// ---- Stripe events: `stripe/<Stripe event type>`, one Inngest function per handled type ----

/** A Stripe event handed to Inngest; a replay also names its failure envelope and replay row. */
export const stripeEventDataSchema = z.object({
  stripeEvent: stripeEventSchema,
  replayOf: z.string().optional(),
  replayId: z.string().optional(),
});

export type StripeEventData = z.infer<typeof stripeEventDataSchema>;

export type StripeEventName<TType extends string = string> = `stripe/${TType}`;

/** The Inngest event name a Stripe event is sent under. */
export function stripeEventName<TType extends string>(type: TType): StripeEventName<TType> {
  return `stripe/${type}`;
}

/** The trigger of the function that applies one Stripe event type. */
export function stripeEventType<TType extends HandledStripeEventType>(type: TType) {
  return eventType(stripeEventName(type), { schema: stripeEventDataSchema });
}

/**
 * A Stripe event handed to the batch lane (lib/webhooks/dispatch-lane.ts): one run applies many
 * (inngest/functions/apply-stripe-event-batch.ts) and hands any it cannot settle back to the
 * event's own function. It names the event's inbox row instead of carrying the Stripe event: the
 * run reads a hundred payloads in one statement, and the driver and the serve call carry a few
 * dozen bytes an event instead of the whole invoice.
 */
export const stripeEventBatched = eventType("pipeline/stripe-event.batched", { schema: batchedStripeEventSchema() });

type BatchedStripeEventData = { stripeEventId: string; type: string } | { stripeEvent: z.infer<typeof stripeEventSchema> };

/**
 * The batch-lane event's payload, checked by the SDK for each of a run's (up to 500) events on
 * every call. The current shape is two strings, checked by hand: a zod union cost ~2 µs an event
 * there. The shape sent before 2026-12-01 (the whole Stripe event) is still read, with zod:
 * events queued before a deploy run after it instead of failing their schema.
 */
function batchedStripeEventSchema(): StandardSchemaV1<BatchedStripeEventData> {
  const olderShape = z.object({ stripeEvent: stripeEventSchema });
  const isNonEmptyString = (value: unknown): value is string => typeof value === "string" && value.length > 0;
  return {
    "~standard": {
      version: 1,
      vendor: "ledgerline",
      validate(value) {
        const data = value as Record<string, unknown> | null;
        if (data !== null && typeof data === "object" && isNonEmptyString(data.stripeEventId) && isNonEmptyString(data.type)) {
          return { value: { stripeEventId: data.stripeEventId, type: data.type } };
        }
        if (data !== null && typeof data === "object" && "stripeEvent" in data) return olderShape["~standard"].validate(value);
        return { issues: [{ message: "Expected { stripeEventId, type } (non-empty strings) or { stripeEvent }" }] };
      },
    },
  };
}

/** The Stripe event id a batch-lane event names, whichever shape it was sent in. */
export function batchedStripeEventId(data: StandardSchemaV1.InferOutput<(typeof stripeEventBatched)["schema"]>): string {
  return "stripeEventId" in data ? data.stripeEventId : data.stripeEvent.id;
}

/** The Stripe event type a batch-lane event names, whichever shape it was sent in. */
export function batchedStripeEventType(data: StandardSchemaV1.InferOutput<(typeof stripeEventBatched)["schema"]>): string {
  return "stripeEventId" in data ? data.type : data.stripeEvent.type;
}

/** True when a stored payload (an envelope's, a corrected one) is a Stripe event Inngest can run. */
export function isStripeEventData(value: unknown): value is StripeEventData {
  return stripeEventDataSchema.safeParse(value).success;
}

// ---- Billing sync and reconciliation ----

export const syncReasons = ["billing-page", "portal", "support"] as const;
export type SyncReason = (typeof syncReasons)[number];

/** One tenant's on-demand sync; without a tenant (sent by an operator) every tenant syncs. */
export const billingSyncRequested = eventType("billing/sync.requested", {
  schema: z.object({ tenantId: z.string().min(1).optional(), reason: z.enum(syncReasons).optional() }),
});

/** Reconciliation on demand, beside its six-hourly cron. */
export const reconcileRequested = eventType("billing/reconcile.requested", {
  schema: z.object({}),
});

// ---- Dead letters ----

/** A saved bulk-replay selection to replay in paced batches. */
export const bulkReplayRequested = eventType("dlq/bulk-replay.requested", {
  schema: z.object({ bulkId: z.string().min(1) }),
});

// ---- What may be sent ----

type SchemaEventType = EventType<string, StandardSchemaV1<Record<string, unknown>>>;

/** The payload `inngest.send` takes for one of the event types above. */
export type EventPayloadOf<TEvent extends SchemaEventType> = {
  /** Inngest drops a second event with the same id (for 24 hours). */
  id?: string;
  name: TEvent["name"];
  data: StandardSchemaV1.InferInput<TEvent["schema"]>;
};

export type StripeEventPayload = { id: string; name: StripeEventName; data: StripeEventData };

export type LedgerlineEvent =
  | StripeEventPayload
  | EventPayloadOf<typeof stripeEventBatched>
  | EventPayloadOf<typeof billingSyncRequested>
  | EventPayloadOf<typeof reconcileRequested>
  | EventPayloadOf<typeof bulkReplayRequested>;

/** A Stripe event's hand-over to Inngest, under `id` (the Stripe event id unless re-handed over). */
export function stripeEventPayload(id: string, data: StripeEventData): StripeEventPayload {
  return { id, name: stripeEventName(data.stripeEvent.type), data };
}

/** A Stripe event's hand-over to the batch lane, under the Stripe event id. */
export function batchedStripeEventPayload(stripeEvent: Pick<StripeEventData["stripeEvent"], "id" | "type">): EventPayloadOf<typeof stripeEventBatched> {
  return { id: stripeEvent.id, name: stripeEventBatched.name, data: { stripeEventId: stripeEvent.id, type: stripeEvent.type } };
}

/** The batch lane handing an event back to its own function, which retries it and records its failure. */
export function handedBackStripeEventPayload(stripeEvent: StripeEventData["stripeEvent"]): StripeEventPayload {
  return stripeEventPayload(`${stripeEvent.id}:batch-hand-back`, { stripeEvent });
}
