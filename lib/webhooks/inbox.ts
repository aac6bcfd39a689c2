// The webhook inbox: every Stripe event stored once, keyed by its event id, with where it is
// in the pipeline.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { StripeEvent } from "@/lib/stripe/schemas";
import { isHandledStripeEventType } from "./handled-event-types";

/** Stores the event unless its id is already there; returns whether this call stored it. */
export async function storeInboxEvent(event: StripeEvent): Promise<boolean> {
  const status = isHandledStripeEventType(event.type) ? "received" : "ignored";
  const inserted = await db().$executeRaw`
    INSERT INTO webhook_inbox (event_id, type, api_version, livemode, payload, stripe_created_at, status, processed_at)
    VALUES (${event.id}, ${event.type}, ${event.api_version ?? null}, ${event.livemode}, ${JSON.stringify(event)}::jsonb,
            to_timestamp(${event.created}), ${status}::"InboxStatus", ${status === "ignored" ? new Date() : null})
    ON CONFLICT (event_id) DO NOTHING`;
  return inserted === 1;
}

export async function markInboxDispatched(eventId: string): Promise<void> {
  await db().webhookInbox.updateMany({ where: { eventId, status: "received" }, data: { status: "dispatched", dispatchedAt: new Date() } });
}

export async function markInboxProcessed(eventId: string, tenantId: string | null, note?: string): Promise<void> {
  await db().webhookInbox.updateMany({
    where: { eventId },
    data: { status: "processed", processedAt: new Date(), tenantId, lastError: note ?? null },
  });
}

export async function markInboxFailed(eventId: string, reason: string, tenantId: string | null): Promise<void> {
  await db().webhookInbox.updateMany({ where: { eventId }, data: { status: "failed", lastError: reason, tenantId } });
}

/** Events accepted but not yet handed to Inngest (a send failed, or the process died first). */
export async function listUndispatchedEvents(olderThan: Date, limit: number) {
  return db().webhookInbox.findMany({
    where: { status: "received", receivedAt: { lte: olderThan } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { eventId: true, type: true, payload: true },
  });
}

export function inboxPayloadToEvent(payload: Prisma.JsonValue): StripeEvent {
  return payload as unknown as StripeEvent;
}
