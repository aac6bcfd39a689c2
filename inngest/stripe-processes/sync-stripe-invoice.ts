// The process of every Stripe invoice event: complete the invoice's lines from Stripe when the
// event carries only their first page, remember the payments it lists (so their refunds and
// disputes find it), apply the invoice snapshot; learn its customer from Stripe first if it is new
// to us; re-fetch the invoice when same-second events disagree.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { applyStripeInvoice } from "@/lib/invoices/apply-stripe-invoice";
import { completeInvoiceLines, hasIncompleteLines } from "@/lib/invoices/complete-invoice-lines";
import { fetchStripeInvoice } from "@/lib/invoices/fetch-stripe-invoice";
import { recordInvoicePaymentLinks } from "@/lib/money-returned/invoice-payment-links";
import { stripeInvoiceSchema } from "@/lib/stripe/schemas";
import { parseEventObject } from "./parse-event-object";

export async function syncStripeInvoice({ stripeEvent, change, step }: StripeEventContext) {
  const parsed = parseEventObject(stripeInvoiceSchema, stripeEvent, "invoice");
  const invoice = hasIncompleteLines(parsed) ? await step("fetch-invoice-lines", () => completeInvoiceLines(parsed)) : parsed;
  if (invoice.payments?.data.length) await step("record-invoice-payments", () => recordInvoicePaymentLinks(invoice));

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
