// Applies a Stripe customer snapshot (from an event or a fetch) with its audit event, in one
// transaction, idempotently and never over a newer state.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { compareEventTime } from "@/lib/stripe/event-ordering";
import type { StripeCustomer } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { resolveTenantForCustomer } from "./tenant-mapping";

export type ApplyOutcome = "applied" | "stale";

export interface ApplyResult {
  outcome: ApplyOutcome;
  id: string;
  tenantId: string;
}

export async function applyStripeCustomer(customer: StripeCustomer, change: StripeChange): Promise<ApplyResult> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${customer.id}))`;
    const existing = await tx.customer.findUnique({ where: { stripeCustomerId: customer.id } });
    // A step re-run after a crash: this event's change is already committed.
    if (existing && (await wasApplied(tx, "customer", existing.id, change.sourceId))) return { outcome: "applied", id: existing.id, tenantId: existing.tenantId };
    if (existing && compareEventTime(existing, change.created) === "older") return { outcome: "stale", id: existing.id, tenantId: existing.tenantId };
    const tenantId = existing?.tenantId ?? (await resolveTenantForCustomer(tx, customer));
    const deleted = change.eventType === "customer.deleted" || customer.deleted === true;
    const data = { name: customer.name ?? null, email: customer.email ?? null, deleted, lastEventCreatedAt: change.created };
    const saved = existing
      ? await tx.customer.update({ where: { id: existing.id }, data })
      : await tx.customer.create({ data: { ...data, tenantId, stripeCustomerId: customer.id } });
    await recordAuditEvent(tx, {
      tenantId,
      entityType: "customer",
      entityId: saved.id,
      eventType: change.eventType,
      payload: { source: change.sourceId, stripeCustomerId: customer.id, name: data.name, email: data.email, deleted },
      actor: "stripe",
      source: "stripe_webhook",
      sourceEventId: change.sourceId,
    });
    return { outcome: "applied", id: saved.id, tenantId };
  });
}
