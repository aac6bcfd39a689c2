// Whether a Stripe invoice snapshot may overwrite what is stored. Stripe delivers events late,
// twice and out of order, and never moves an invoice back along its lifecycle.
import { compareEventTime, invoiceStatusRank } from "@/lib/stripe/event-ordering";

export interface StoredInvoiceState {
  status: keyof typeof invoiceStatusRank;
  total: number;
  amountPaid: number;
  amountDue: number;
  lastEventCreatedAt: Date | null;
}

export interface IncomingInvoiceState {
  status: keyof typeof invoiceStatusRank;
  total: number;
  amount_paid: number;
  amount_due: number;
}

/** apply: write it; stale: an older or backward change, ignored; refetch: same second, disagreeing. */
export type InvoiceChangeDecision = "apply" | "stale" | "refetch";

export function decideInvoiceChange(
  existing: StoredInvoiceState,
  invoice: IncomingInvoiceState,
  eventCreated: Date,
  authoritative: boolean,
): InvoiceChangeDecision {
  const currentRank = invoiceStatusRank[existing.status];
  const nextRank = invoiceStatusRank[invoice.status];
  // Paid and void are final in Stripe: nothing moves an invoice back out of them.
  if (currentRank === 3 && nextRank < 3) return "stale";
  if (authoritative) return "apply";
  const freshness = compareEventTime(existing, eventCreated);
  if (freshness === "older") return "stale";
  if (freshness === "newer") return "apply";
  if (nextRank < currentRank) return "stale";
  if (nextRank > currentRank) return "apply";
  const same =
    existing.status === invoice.status && existing.total === invoice.total && existing.amountPaid === invoice.amount_paid && existing.amountDue === invoice.amount_due;
  return same ? "apply" : "refetch";
}
