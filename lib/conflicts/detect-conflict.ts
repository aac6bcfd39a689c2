// Optimistic locking against Stripe: while a support change to an invoice is not yet pushed
// (local version ahead of Stripe), a Stripe change that is not the echo of our own sync would
// silently overwrite it. Such a change is kept aside as a conflict with a field-by-field diff
// instead, for support to accept theirs or keep ours.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Prisma } from "@/lib/db/generated/client";
import { withMinorUnits } from "@/lib/money/minor-units";
import type { StripeInvoice } from "@/lib/stripe/schemas";
import { isSyncIdempotencyKey } from "@/lib/billing-sync/idempotency-keys";

export interface ConflictDiffEntry {
  field: string;
  ours: string | number | null;
  theirs: string | number | null;
}

export interface StoredConflictSnapshot {
  invoice: StripeInvoice;
  eventCreated: string;
}

interface LocalInvoice {
  id: string;
  tenantId: string;
  status: string;
  total: number;
  amountDue: number;
  amountPaid: number;
}

export function diffInvoice(
  local: LocalInvoice & { lines: { stripeLineItemId: string | null; quantity: number; amount: number }[] },
  stripe: StripeInvoice,
): ConflictDiffEntry[] {
  const diff: ConflictDiffEntry[] = [];
  const scalar = (field: string, ours: string | number, theirs: string | number) => {
    if (ours !== theirs) diff.push({ field, ours, theirs });
  };
  scalar("status", local.status, stripe.status);
  scalar("total", local.total, stripe.total);
  scalar("amount_due", local.amountDue, stripe.amount_due);
  scalar("amount_paid", local.amountPaid, stripe.amount_paid);
  const theirs = new Map((stripe.lines?.data ?? []).map((l) => [l.id, l]));
  for (const line of local.lines) {
    const id = line.stripeLineItemId;
    if (!id) continue;
    const other = theirs.get(id);
    if (!other) diff.push({ field: `line ${id}`, ours: `${line.quantity} × = ${line.amount}`, theirs: null });
    else if ((other.quantity ?? 1) !== line.quantity || other.amount !== line.amount) {
      diff.push({ field: `line ${id}`, ours: `${line.quantity} × = ${line.amount}`, theirs: `${other.quantity ?? 1} × = ${other.amount}` });
    }
    theirs.delete(id);
  }
  for (const [id, other] of theirs) diff.push({ field: `line ${id}`, ours: null, theirs: `${other.quantity ?? 1} × = ${other.amount}` });
  return diff;
}

async function stripeRequestOf(tx: Prisma.TransactionClient, eventId: string): Promise<{ id: string | null; idempotencyKey: string | null }> {
  const rows = await tx.$queryRaw<{ id: string | null; key: string | null }[]>`
    SELECT payload->'request'->>'id' AS id, payload->'request'->>'idempotency_key' AS key FROM webhook_inbox WHERE event_id = ${eventId}`;
  return { id: rows[0]?.id ?? null, idempotencyKey: rows[0]?.key ?? null };
}

/** Call inside the invoice writer's transaction and lock; returns the conflict id when the change must not be applied. */
export async function detectSyncConflict(
  tx: Prisma.TransactionClient,
  existing: LocalInvoice,
  invoice: StripeInvoice,
  change: { sourceId: string; eventType: string; created: Date },
): Promise<string | null> {
  const state = await tx.invoiceSyncState.findUnique({ where: { invoiceId: existing.id }, select: { localChangePending: true, localChangedBy: true, localVersion: true } });
  if (!state?.localChangePending) return null;
  const request = await stripeRequestOf(tx, change.sourceId);
  if (isSyncIdempotencyKey(request.idempotencyKey)) return null;
  const accepted = await tx.syncConflict.count({ where: { invoiceId: existing.id, stripeEventId: change.sourceId, status: "accepted_theirs" } });
  if (accepted > 0) return null;

  const lines = await tx.invoiceLineItem.findMany({ where: { invoiceId: existing.id }, select: { stripeLineItemId: true, quantity: true, amount: true } });
  const diff = diffInvoice({ ...existing, lines: lines.map(withMinorUnits) }, invoice);
  if (diff.length === 0) return null;

  const known = await tx.syncConflict.findUnique({ where: { invoiceId_stripeEventId: { invoiceId: existing.id, stripeEventId: change.sourceId } }, select: { id: true } });
  if (known) return known.id;
  const snapshot: StoredConflictSnapshot = { invoice, eventCreated: change.created.toISOString() };
  const conflict = await tx.syncConflict.create({
    data: {
      tenantId: existing.tenantId,
      invoiceId: existing.id,
      stripeEventId: change.sourceId,
      eventType: change.eventType,
      localVersion: state.localVersion ?? 0,
      localActor: state.localChangedBy ?? "unknown",
      stripeActor: request.id ? `stripe (request ${request.id}${request.idempotencyKey ? `, key ${request.idempotencyKey}` : ""})` : "stripe (automatic)",
      diff: diff as unknown as Prisma.InputJsonValue,
      stripeSnapshot: snapshot as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  await recordAuditEvent(tx, {
    tenantId: existing.tenantId,
    entityType: "invoice",
    entityId: existing.id,
    eventType: "invoice.sync_conflict",
    payload: { conflictId: conflict.id, stripeEventId: change.sourceId, fields: diff.map((d) => d.field) },
    actor: "system:conflict-detection",
    source: "stripe_webhook",
  });
  return conflict.id;
}
