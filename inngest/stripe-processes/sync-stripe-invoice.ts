// The process of every Stripe invoice event: complete the invoice's lines from Stripe when the
// event carries only their first page, apply the invoice snapshot; learn its customer from Stripe
// first if it is new to us; re-fetch the invoice when same-second events disagree.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { completeInvoiceLines, hasIncompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { fetchStripeInvoice } from "@/lib/invoices/fetch-stripe-invoice";
import { stripeInvoiceSchema } from "@/lib/stripe/schemas";

export async function syncStripeInvoice({ stripeEvent, change, step }: StripeEventContext) {
  const parsed = stripeInvoiceSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid invoice in ${stripeEvent.id}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const invoice = hasIncompleteLines(parsed.data) ? await step("fetch-invoice-lines", () => completeInvoiceLines(parsed.data)) : parsed.data;

  let result = await step("apply-invoice", () => applyStripeInvoice(invoice, change));
  if (result.outcome === "missing-customer") {
    await step("fetch-customer", () => fetchAndApplyStripeCustomer(invoice.customer));
    result = await step("apply-invoice-with-customer", () => applyStripeInvoice(invoice, change));
    if (result.outcome === "missing-customer") throw new NonRetriableError(`Stripe customer ${invoice.customer} could not be found.`);
  }
  if (result.outcome === "needs-refetch") {
    const fresh = await step("refetch-invoice-snapshot", () => fetchStripeInvoice(invoice.id));
    result = await step("apply-refetched-invoice", () => applyStripeInvoice(fresh, change, { authoritative: true }));
  }
  return result;
}
