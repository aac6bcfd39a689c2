// Applies a Stripe subscription snapshot with its audit event, in one transaction, never over a
// newer state.
import { recordAuditEvent, wasApplied } from "@/lib/audit/record-audit-event";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { MAX_MINOR_UNITS, multiplyMinorUnits } from "@/lib/money/minor-units";
import { compareEventTime, fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { subscriptionPeriod } from "@/lib/stripe/read-stripe-fields";
import type { StripeSubscription } from "@/lib/stripe/schemas";

export type SubscriptionApplyResult =
  | { outcome: "applied" | "stale"; subscriptionId: string; tenantId: string }
  | { outcome: "missing-customer"; stripeCustomerId: string };

/**
 * The recurring amount per period (unit amount × quantity of its first item), or an invalid_input
 * error naming both factors when the product is beyond what Ledgerline stores exactly: retrying
 * cannot fix it, so the event is set aside with that reason instead of failing on the write.
 */
export function subscriptionAmount(subscription: StripeSubscription): number {
  const item = subscription.items?.data[0];
  const unitAmount = item?.price.unit_amount ?? 0;
  const quantity = item?.quantity ?? 1;
  const amount = multiplyMinorUnits(unitAmount, quantity);
  if (amount === null) {
    throw new AppError(
      "invalid_input",
      `Subscription ${subscription.id} cannot be stored: its amount per period, unit amount ${unitAmount} × quantity ${quantity} ` +
        `(${subscription.currency}), is over ${MAX_MINOR_UNITS.toLocaleString("en-US")} minor units, the largest amount Ledgerline stores exactly.`,
      { stripeSubscriptionId: subscription.id, unitAmount, quantity },
    );
  }
  return amount;
}

export async function applyStripeSubscription(subscription: StripeSubscription, change: StripeChange): Promise<SubscriptionApplyResult> {
  const amount = subscriptionAmount(subscription);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${subscription.id}))`;
    const customer = await tx.customer.findUnique({ where: { stripeCustomerId: subscription.customer }, select: { id: true, tenantId: true } });
    if (!customer) return { outcome: "missing-customer", stripeCustomerId: subscription.customer };
    const existing = await tx.subscription.findUnique({ where: { stripeSubscriptionId: subscription.id } });
    // A step re-run after a crash: this event's change is already committed.
    if (existing && (await wasApplied(tx, "subscription", existing.id, change.sourceId))) return { outcome: "applied", subscriptionId: existing.id, tenantId: existing.tenantId };
    if (existing && compareEventTime(existing, change.created) === "older") return { outcome: "stale", subscriptionId: existing.id, tenantId: existing.tenantId };
    const item = subscription.items?.data[0];
    const period = subscriptionPeriod(subscription);
    const data = {
      status: change.eventType === "customer.subscription.deleted" ? "canceled" : subscription.status,
      currency: subscription.currency,
      amount,
      interval: item?.price.recurring?.interval ?? "month",
      currentPeriodStart: fromUnixSeconds(period.start),
      currentPeriodEnd: fromUnixSeconds(period.end),
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
