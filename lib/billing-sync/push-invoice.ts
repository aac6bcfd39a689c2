// Pushes one draft invoice: each usage line's compiled quantity (one write per changed line), the
// new items' line ids (one read, only after a create), and the hold (auto_advance), under the
// invoice's lease. Clears the "local change pending" mark only if no newer local change arrived.
import { db } from "@/lib/db/client";
import { getStripe } from "@/lib/stripe/client";
import { syncKeys } from "./idempotency-keys";
import { claimInvoice, releaseInvoice, type ClaimedInvoice, type SyncFailureStreak } from "./invoice-lease";
import { pushUsageLine, USAGE_LINE_METADATA_KEY } from "./push-usage-line";
import type { StripeGuard } from "./stripe-guard";
import { loadInvoiceToPush, type InvoiceToPush } from "./sync-candidates";

export type InvoicePushOutcome =
  | { status: "pushed"; invoiceId: string; tenantId: string; calls: number }
  | { status: "busy" | "skipped"; invoiceId: string; tenantId: string | null; calls: 0 }
  | { status: "failed"; invoiceId: string; tenantId: string; calls: number; error: unknown; streak: SyncFailureStreak | null };

/** Learns which invoice line each new item became (the billing view uses it to avoid double counting). */
async function learnLineIds(guard: StripeGuard, invoice: InvoiceToPush): Promise<number> {
  const unknown = invoice.lines.filter((l) => l.stripeItemId && !l.stripeLineId);
  if (unknown.length === 0) return 0;
  const page = await guard.call("invoices.listLineItems", () => getStripe().invoices.listLineItems(invoice.stripeInvoiceId, { limit: 100 }));
  for (const stripeLine of page.data) {
    const itemId = stripeLine.parent?.invoice_item_details?.invoice_item ?? null;
    const usageLineId = stripeLine.metadata?.[USAGE_LINE_METADATA_KEY];
    const line = unknown.find((l) => l.stripeItemId === itemId || l.id === usageLineId);
    if (line) await db().usageLine.update({ where: { id: line.id }, data: { stripeLineId: stripeLine.id } });
  }
  return 1;
}

async function pushHold(guard: StripeGuard, invoice: InvoiceToPush, state: ClaimedInvoice): Promise<number> {
  const wanted = !state.held;
  const inSync = state.held ? state.stripeAutoAdvance === false : state.stripeAutoAdvance !== false;
  if (inSync) return 0;
  // Held = auto_advance off: Stripe will not finalize the draft until support releases it.
  await guard.call("invoices.update", () =>
    getStripe().invoices.update(invoice.stripeInvoiceId, { auto_advance: wanted }, { idempotencyKey: syncKeys.hold(invoice.id, state.holdSeq, state.held) }),
  );
  await db().invoiceSyncState.updateMany({ where: { invoiceId: invoice.id, holdSeq: state.holdSeq }, data: { stripeAutoAdvance: wanted } });
  return 1;
}

export async function pushInvoice(guard: StripeGuard, invoiceId: string, owner: string): Promise<InvoicePushOutcome> {
  const invoice = await loadInvoiceToPush(invoiceId);
  if (!invoice || invoice.status !== "draft") return { status: "skipped", invoiceId, tenantId: invoice?.tenantId ?? null, calls: 0 };
  const state = await claimInvoice(invoice.id, invoice.tenantId, owner);
  if (!state) return { status: "busy", invoiceId, tenantId: invoice.tenantId, calls: 0 };
  let calls = 0;
  try {
    for (const line of invoice.lines) calls += (await pushUsageLine(guard, invoice, line)).writes;
    calls += await learnLineIds(guard, invoice);
    calls += await pushHold(guard, invoice, state);
    await releaseInvoice(invoice.id, owner, { error: null, localVersion: state.localVersion });
    return { status: "pushed", invoiceId, tenantId: invoice.tenantId, calls };
  } catch (error) {
    const streak = await releaseInvoice(invoice.id, owner, { error: error instanceof Error ? error.message : String(error) });
    return { status: "failed", invoiceId, tenantId: invoice.tenantId, calls, error, streak };
  }
}
