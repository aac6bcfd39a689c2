// Stripe's `invoice.overdue`: the invoice is past its due date and still unpaid. The invoice keeps
// that mark while it stays open; any snapshot that has left open (paid, void, uncollectible)
// clears it. `invoice.will_be_due` is a reminder before the due date and marks nothing.
import type { StripeInvoice } from "@/lib/stripe/schemas";
import type { StripeChange } from "@/lib/stripe/stripe-change";

export const INVOICE_OVERDUE_EVENT = "invoice.overdue";

/** The overdue mark's column change for one applied snapshot: set, cleared, or left as it is. */
export function overdueColumns(invoice: Pick<StripeInvoice, "status">, change: Pick<StripeChange, "eventType" | "created">): { overdueAt?: Date | null } {
  if (invoice.status !== "open") return { overdueAt: null };
  return change.eventType === INVOICE_OVERDUE_EVENT ? { overdueAt: change.created } : {};
}

/** Since when an invoice Stripe marked overdue is late: its due date, or when Stripe said so; null once it has left open. */
export function overdueSince(invoice: { status: string; overdueAt: Date | null; dueDate: Date | null }): Date | null {
  return invoice.status === "open" && invoice.overdueAt ? (invoice.dueDate ?? invoice.overdueAt) : null;
}
