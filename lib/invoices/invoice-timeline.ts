// The related invoice of an envelope and its whole story in one list: Stripe events received,
// Inngest runs, failure envelopes, audit events and support actions, oldest first. Every read
// goes through an index (invoice id, payload containment, event ids).
import "server-only";
import { db, sql } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { findStripeInvoiceOfPayment } from "@/lib/money-returned/invoice-payment-links";

export interface TimelineEntry {
  at: string;
  kind: "stripe_event" | "run" | "envelope" | "audit" | "support";
  title: string;
  detail: string;
  href?: string;
}

export interface InvoiceTimeline {
  stripeInvoiceId: string;
  invoice: { id: string; number: string | null; status: string; tenantSlug: string } | null;
  entries: TimelineEntry[];
}

function stripeInvoiceIdOf(payload: Prisma.JsonValue): string | null {
  const object = (payload as { stripeEvent?: { data?: { object?: { object?: unknown; id?: unknown; invoice?: unknown } } } } | null)?.stripeEvent?.data?.object;
  if (!object) return null;
  if (object.object === "invoice" && typeof object.id === "string") return object.id;
  return typeof object.invoice === "string" ? object.invoice : null;
}

/** A refund, dispute, charge or invoice payment reaches its invoice through the payment it names. */
async function stripeInvoiceIdOfPayment(payload: Prisma.JsonValue): Promise<string | null> {
  const object = (payload as { stripeEvent?: { data?: { object?: Record<string, unknown> } } } | null)?.stripeEvent?.data?.object;
  if (!object) return null;
  const id = (value: unknown) => (typeof value === "string" ? value : null);
  const payment = (object.payment ?? {}) as Record<string, unknown>;
  const ref = {
    paymentIntentId: id(object.payment_intent) ?? id(payment.payment_intent),
    chargeId: object.object === "charge" ? id(object.id) : (id(object.charge) ?? id(payment.charge)),
  };
  return findStripeInvoiceOfPayment(ref);
}

export async function buildInvoiceTimeline(payload: Prisma.JsonValue, tenantId: string | null): Promise<InvoiceTimeline | null> {
  const stripeInvoiceId = stripeInvoiceIdOf(payload) ?? (await stripeInvoiceIdOfPayment(payload));
  if (!stripeInvoiceId) return null;
  const invoice = await db().invoice.findUnique({
    where: { stripeInvoiceId },
    select: { id: true, number: true, status: true, tenantId: true, tenant: { select: { slug: true } } },
  });
  // An envelope of one tenant never reveals another tenant's invoice.
  const sameTenant = invoice && (!tenantId || invoice.tenantId === tenantId) ? invoice : null;
  const [audit, envelopes] = await Promise.all([
    sameTenant ? db().auditEvent.findMany({ where: { entityType: "invoice", entityId: sameTenant.id }, orderBy: { createdAt: "asc" } }) : [],
    sql().query<{ id: string; job_type: string; reason: string; status: string; failed_at: Date; stripe_event_id: string | null }>(
      `SELECT "id", "job_type", left("reason", 200) AS "reason", "status", "failed_at", "stripe_event_id" FROM "failure_envelopes"
       WHERE "payload" @> $1::jsonb ORDER BY "failed_at" LIMIT 100`,
      [JSON.stringify({ stripeEvent: { data: { object: { id: stripeInvoiceId } } } })],
    ),
  ]);
  const envelopeIds = envelopes.map((e) => e.id);
  const eventIds = [...new Set([...audit.map((a) => a.sourceEventId), ...envelopes.map((e) => e.stripe_event_id)].filter((v): v is string => Boolean(v)))];
  const [inbox, support, replays] = await Promise.all([
    db().webhookInbox.findMany({ where: { eventId: { in: eventIds } }, select: { eventId: true, type: true, receivedAt: true, status: true } }),
    db().auditEvent.findMany({ where: { entityType: "failure_envelope", entityId: { in: envelopeIds } }, orderBy: { createdAt: "asc" } }),
    db().dlqReplay.findMany({ where: { envelopeId: { in: envelopeIds } }, select: { eventId: true } }),
  ]);
  const runs = await sql().query<{ id: string; function_id: string; status: string; created_at: Date; external_id: string | null }>(
    // A batch run (the batch lane) lists every event it received, not only its first.
    `SELECT r."id", r."function_id", r."status", r."created_at", e."external_id" FROM "inngest_events" e
     JOIN "inngest_runs" r ON r."event_id" = e."id" OR r."batch_event_ids" @> jsonb_build_array(e."id")
     WHERE e."external_id" = ANY($1::text[]) ORDER BY r."created_at" LIMIT 200`,
    [[...eventIds, ...replays.map((r) => r.eventId)]],
  );
  const iso = (d: Date) => new Date(d).toISOString();
  const entries: TimelineEntry[] = [
    ...inbox.map((e) => ({ at: iso(e.receivedAt), kind: "stripe_event" as const, title: `Stripe ${e.type}`, detail: `${e.eventId} · ${e.status}` })),
    ...runs.map((r) => ({ at: iso(r.created_at), kind: "run" as const, title: `Run ${r.function_id}`, detail: `${r.status} · event ${r.external_id ?? "?"}`, href: `/support/dead-letters/runs/${encodeURIComponent(r.id)}` })),
    ...envelopes.map((e) => ({ at: iso(e.failed_at), kind: "envelope" as const, title: `Dead letter (${e.job_type})`, detail: `${e.status} · ${e.reason}`, href: `/support/dead-letters/${e.id}` })),
    ...audit.map((a) => ({ at: iso(a.createdAt), kind: "audit" as const, title: a.eventType, detail: `by ${a.actor} via ${a.source}` })),
    ...support
      .filter((a) => a.source === "support")
      .map((a) => ({ at: iso(a.createdAt), kind: "support" as const, title: a.eventType, detail: `by ${a.actor}`, href: `/support/dead-letters/${a.entityId}` })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    stripeInvoiceId,
    invoice: sameTenant ? { id: sameTenant.id, number: sameTenant.number, status: sameTenant.status, tenantSlug: sameTenant.tenant.slug } : null,
    entries,
  };
}
