// A draft invoice's amounts are derived from the invoice items attached to it; this is the one place
// that derives them, and the one place that renders an invoice with its `lines`.
import type { SimContext } from "../context";
import { lineIdForItem } from "../ids";
import type { InvoiceItemObject, InvoiceLineItemObject, InvoiceObject, InvoiceRecord, ListObject } from "../types";

/** Lines embedded in an invoice: Stripe's first page; the rest are at `/v1/invoices/:id/lines`. */
const EMBEDDED_LINES = 10;

export function itemsOfInvoice(sim: SimContext, invoiceId: string): InvoiceItemObject[] {
  // Insertion order: lines appear in the order their items were created.
  return sim.store.invoiceItems.values().filter((item) => item.invoice === invoiceId);
}

export function withTotals(sim: SimContext, invoice: InvoiceRecord): InvoiceRecord {
  if (invoice.status !== "draft") return invoice;
  const subtotal = itemsOfInvoice(sim, invoice.id).reduce((sum, item) => sum + item.amount, 0);
  return {
    ...invoice,
    subtotal,
    subtotal_excluding_tax: subtotal,
    total: subtotal,
    total_excluding_tax: subtotal,
    amount_due: subtotal,
    amount_remaining: subtotal - invoice.amount_paid,
  };
}

export function toLineItem(item: InvoiceItemObject): InvoiceLineItemObject {
  return {
    id: lineIdForItem(item.id),
    object: "line_item",
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: typeof item.invoice === "string" ? item.invoice : null,
    livemode: false,
    metadata: item.metadata ?? {},
    parent: {
      type: "invoice_item_details",
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: null, subscription: null },
      subscription_item_details: null,
    },
    period: item.period,
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  };
}

export function linesOf(sim: SimContext, invoiceId: string): InvoiceLineItemObject[] {
  return itemsOfInvoice(sim, invoiceId).map(toLineItem);
}

/**
 * The invoice as the API (and every event) returns it: the first 10 lines embedded, with
 * `has_more` and `total_count` saying how many there are in all; hosted URLs once finalized.
 */
export function renderInvoice(sim: SimContext, invoice: InvoiceRecord): InvoiceObject {
  const lines = linesOf(sim, invoice.id);
  const list: ListObject<InvoiceLineItemObject> = {
    object: "list",
    data: lines.slice(0, EMBEDDED_LINES),
    has_more: lines.length > EMBEDDED_LINES,
    total_count: lines.length,
    url: `/v1/invoices/${invoice.id}/lines`,
  };
  const hosted = invoice.status !== "draft" && invoice.status !== null;
  return {
    ...invoice,
    hosted_invoice_url: hosted ? `${sim.baseUrl()}/hosted/invoices/${invoice.id}` : null,
    invoice_pdf: hosted ? `${sim.baseUrl()}/hosted/invoices/${invoice.id}/pdf` : null,
    lines: list,
  };
}

/** Stores recomputed totals and records `invoice.updated` when anything visible changed. */
export function saveDraftChange(
  sim: SimContext,
  before: InvoiceObject,
  invoiceId: string,
  request: { id: string | null; idempotencyKey: string | null },
): void {
  const record = sim.store.invoices.get(invoiceId);
  if (!record) return;
  const updated = sim.store.invoices.set(withTotals(sim, record));
  const after = renderInvoice(sim, updated);
  // Line changes alone still count as an update: Stripe reports them with the totals that moved.
  sim.events.recordUpdate("invoice.updated", before, after, request);
}
