// Applies a Stripe subscription snapshot with its audit event, in one transaction, never over a
// newer state.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { db } from "@/lib/db/client";
import { compareEventTime, fromUnixSeconds } from "@/lib/stripe/event-ordering";
import type { StripeSubscription } from "@/lib/stripe/schemas";

export type SubscriptionApplyResult =
  | { outcome: "applied" | "stale"; subscriptionId: string; tenantId: string }
  | { outcome: "missing-customer"; stripeCustomerId: string };

export async function applyStripeSubscription(subscription: StripeSubscription, change: StripeChange): Promise<SubscriptionApplyResult> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${subscription.id}))`;
    const customer = await tx.customer.findUnique({ where: { stripeCustomerId: subscription.customer }, select: { id: true, tenantId: true } });
    if (!customer) return { outcome: "missing-customer", stripeCustomerId: subscription.customer };
    const existing = await tx.subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
    // A step re-run after a crash: this event's change is already committed.
    if (existing && (await wasApplied(tx, "subscription", existing.id, change.sourceId))) return { outcome: "applied", subscriptionId: existing.id, tenantId: existing.tenantId };
    if (existing && compareEventTime(existing, change.created) === "older") return { outcome: "stale", subscriptionId: existing.id, tenantId: existing.tenantId };
    const item = subscription.items?.data[0];
    const data = {
      status: change.eventType === "customer.subscription.deleted" ? "canceled" : subscription.status,
      currency: subscription.currency,
      amount: (item?.price.unit_amount ?? 0) * (item?.quantity ?? 1),
      interval: item?.price.recurring?.interval ?? "month",
      currentPeriodStart: fromUnixSeconds(subscription.current_period_start ?? item?.current_period_start),
      currentPeriodEnd: fromUnixSeconds(subscription.current_period_end ?? item?.current_period_end),
      canceledAt: fromUnixSeconds(subscription.canceled_at),
      lastEventCreatedAt: change.created,
    };
    const saved = existing
      ? await tx.subscription.update({ where: { id: existing.id }, data })
      : await tx.subscription.create({ data: { ...data, tenantId: customer.tenantId, customerId: customer.id, stripeSubscriptionId: subscription.id } });
    await recordAuditEvent(tx, {
      tenantId: saved.tenantId,
      entityType: "subscription",
      entityId: saved.id,
      eventType: change.eventType,
      payload: { source: change.sourceId, stripeSubscriptionId: subscription.id, statusFrom: existing?.status ?? null, statusTo: data.status, amount: data.amount, currency: data.currency },
      actor: "stripe",
      source: "stripe_webhook",
      sourceEventId: change.sourceId,
    });
    return { outcome: "applied", subscriptionId: saved.id, tenantId: saved.tenantId };
  });
}
