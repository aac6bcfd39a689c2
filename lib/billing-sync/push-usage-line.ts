// Pushes one usage line's compiled quantity to its Stripe invoice item: at most one write in the
// normal case. The intended write is stored before it is sent, so a run that dies after Stripe
// answered but before we recorded it resumes with the same idempotency key and parameters.
import Stripe from "stripe";
import { db } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { syncKeys } from "./idempotency-keys";
import type { StripeGuard } from "./stripe-guard";
import type { InvoiceToPush, LineToPush } from "./sync-candidates";

export const USAGE_LINE_METADATA_KEY = "ledgerline_usage_line";

async function intend(line: LineToPush, op: "create" | "update" | "delete", quantity: number, pushSeq: number): Promise<void> {
  await db().usageLine.update({ where: { id: line.id }, data: { pendingOp: op, pendingQuantity: quantity, pushSeq } });
}

async function settle(line: LineToPush, data: { stripeItemId: string | null; stripeLineId?: string | null; syncedQuantity: number }): Promise<void> {
  await db().usageLine.update({ where: { id: line.id }, data: { ...data, pendingOp: null, pendingQuantity: null, syncedAt: new Date() } });
}

/**
 * Stripe refused the write (an invalid request: e.g. the invoice was finalized between our read
 * and the write), so it had no effect: the intent is dropped rather than left pending. A pending
 * write on a closed invoice would keep its usage from ever being carried to the next invoice.
 */
async function dropIntentIfRefused<T>(line: LineToPush, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && !isMissing(error)) {
      await db().usageLine.update({ where: { id: line.id }, data: { pendingOp: null, pendingQuantity: null } });
    }
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing";
}

async function createItem(guard: StripeGuard, invoice: InvoiceToPush, line: LineToPush, quantity: number): Promise<void> {
  if (line.pendingOp !== "create") await intend(line, "create", quantity, line.pushSeq);
  const item = await dropIntentIfRefused(line, () => guard.call("invoiceItems.create", () =>
    getStripe().invoiceItems.create(
      {
        customer: invoice.stripeCustomerId,
        invoice: invoice.stripeInvoiceId,
        currency: line.currency,
        description: line.description,
        quantity,
        unit_amount_decimal: Stripe.Decimal.from(String(line.unitAmount)),
        metadata: { [USAGE_LINE_METADATA_KEY]: line.id },
      },
      { idempotencyKey: syncKeys.createItem(line.id) },
    ),
  ));
  await settle(line, { stripeItemId: item.id, stripeLineId: null, syncedQuantity: quantity });
  line.stripeItemId = item.id;
  line.stripeLineId = null;
  line.syncedQuantity = quantity;
}

async function updateItem(guard: StripeGuard, line: LineToPush & { stripeItemId: string }, quantity: number, resume: boolean): Promise<void> {
  const seq = resume ? line.pushSeq : line.pushSeq + 1;
  if (!resume) await intend(line, "update", quantity, seq);
  await dropIntentIfRefused(line, () =>
    guard.call("invoiceItems.update", () => getStripe().invoiceItems.update(line.stripeItemId, { quantity }, { idempotencyKey: syncKeys.updateItem(line.id, seq) })),
  );
  await settle(line, { stripeItemId: line.stripeItemId, syncedQuantity: quantity });
  line.pushSeq = seq;
  line.syncedQuantity = quantity;
}

async function deleteItem(guard: StripeGuard, line: LineToPush & { stripeItemId: string }): Promise<void> {
  if (line.pendingOp !== "delete") await intend(line, "delete", 0, line.pushSeq);
  // DELETE takes no idempotency key; deleting twice answers resource_missing, which is success.
  await dropIntentIfRefused(line, () => guard.call("invoiceItems.del", () => getStripe().invoiceItems.del(line.stripeItemId))).catch((error: unknown) => {
    if (!isMissing(error)) throw error;
  });
  await settle(line, { stripeItemId: null, stripeLineId: null, syncedQuantity: 0 });
}

/** Returns how many Stripe writes it made. */
export async function pushUsageLine(guard: StripeGuard, invoice: InvoiceToPush, line: LineToPush): Promise<{ writes: number; created: boolean }> {
  let writes = 0;
  let created = false;
  // Finish an interrupted create first, exactly as intended, so it can only ever make one item.
  if (line.pendingOp === "create" && line.pendingQuantity !== null && !line.stripeItemId) {
    await createItem(guard, invoice, line, line.pendingQuantity);
    writes++;
    created = true;
  }
  const { stripeItemId } = line;
  if (!stripeItemId) {
    if (line.target > 0) {
      await createItem(guard, invoice, line, line.target);
      return { writes: writes + 1, created: true };
    }
    if (line.pendingOp) await settle(line, { stripeItemId: null, syncedQuantity: 0 });
    return { writes, created };
  }
  const withItem = { ...line, stripeItemId };
  if (line.target === 0) {
    await deleteItem(guard, withItem);
    Object.assign(line, { stripeItemId: null, stripeLineId: null, syncedQuantity: 0 });
    return { writes: writes + 1, created };
  }
  const resume = line.pendingOp === "update" && line.pendingQuantity === line.target;
  if (line.syncedQuantity !== line.target || resume) {
    await updateItem(guard, withItem, line.target, resume);
    Object.assign(line, { pushSeq: withItem.pushSeq, syncedQuantity: withItem.syncedQuantity });
    return { writes: writes + 1, created };
  }
  if (line.pendingOp) await settle(line, { stripeItemId, syncedQuantity: line.syncedQuantity });
  return { writes, created };
}
