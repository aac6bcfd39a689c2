// An invoice as Stripe embeds it (in an event, or retrieved) carries only the first page of its
// lines. This completes it from `/v1/invoices/:id/lines` before anything stores it: the mirror
// never holds a partial line list.
import { z } from "zod";
import { stripeGuard, type StripeGuard } from "@/lib/billing-sync/stripe-guard";
import { AppError } from "@/lib/errors/app-error";
import { getStripe } from "@/lib/stripe/client";
import { isFirstPageOnly, listEveryPage } from "@/lib/stripe/list-every-page";
import { stripeInvoiceLineSchema, type StripeInvoice } from "@/lib/stripe/schemas";

/** The most lines one invoice may have here (the schema's bound on an invoice's lines). */
export const MAX_INVOICE_LINES = 1000;

/** True when the invoice's embedded lines are only a first page of a longer list. */
export function hasIncompleteLines(invoice: StripeInvoice): boolean {
  return isFirstPageOnly(invoice.lines);
}

/** The invoice with all of its lines, fetched from Stripe when its embedded list is a first page. */
export async function completeInvoiceLines(invoice: StripeInvoice, guard: StripeGuard = stripeGuard()): Promise<StripeInvoice> {
  if (!hasIncompleteLines(invoice)) return invoice;
  const raw = await listEveryPage(guard, "invoices.listLineItems", () => getStripe().invoices.listLineItems(invoice.id, { limit: 100 }), {
    max: MAX_INVOICE_LINES,
    tooMany: `Invoice ${invoice.id} has more than ${MAX_INVOICE_LINES} lines; Ledgerline stores at most ${MAX_INVOICE_LINES}.`,
  });
  const data = z.array(stripeInvoiceLineSchema).max(MAX_INVOICE_LINES).parse(raw);
  return { ...invoice, lines: { data, has_more: false, total_count: data.length, url: invoice.lines?.url } };
}

/** Refuses an invoice whose lines are a first page: storing it would silently drop the rest. */
export function assertCompleteLines(invoice: StripeInvoice): void {
  if (hasIncompleteLines(invoice)) {
    throw new AppError("internal", `Invoice ${invoice.id} carries ${invoice.lines?.data.length ?? 0} of its lines; complete them before applying it.`, {
      stripeInvoiceId: invoice.id,
    });
  }
}
