// One Inngest function per Stripe invoice event type (each with its job type's retry policy and
// its own dead letters), all running the same process: apply the invoice snapshot; learn its
// customer from Stripe first if it is new to us; re-fetch the invoice when same-second events
// disagree. The step that settles the event also closes its inbox entry.
import { NonRetriableError } from "inngest";
import { createStripeEventFunction, type StripeEventContext } from "@/inngest/stripe-event-function";
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { applyStripeInvoice, type InvoiceApplyResult } from "@/lib/invoices/apply-stripe-invoice";
import { fetchStripeInvoice } from "@/lib/invoices/fetch-stripe-invoice";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { stripeInvoiceSchema } from "@/lib/stripe/schemas";
import type { HandledStripeEventType } from "@/lib/webhooks/handled-event-types";

async function syncInvoice({ stripeEvent, step, applyStep }: StripeEventContext): Promise<InvoiceApplyResult> {
  const parsed = stripeInvoiceSchema.safeParse(stripeEvent.data.object);
  if (!parsed.success) throw new NonRetriableError(`Invalid invoice in ${stripeEvent.id}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const invoice = parsed.data;
  const change = { sourceId: stripeEvent.id, eventType: stripeEvent.type, created: fromUnixSeconds(stripeEvent.created) };

  let result = await applyStep("apply-invoice", () => applyStripeInvoice(invoice, change));
  if (result.outcome === "missing-customer") {
    await step("fetch-customer", () => fetchAndApplyStripeCustomer(invoice.customer));
    result = await applyStep("apply-invoice-with-customer", () => applyStripeInvoice(invoice, change));
    if (result.outcome === "missing-customer") throw new NonRetriableError(`Stripe customer ${invoice.customer} could not be found.`);
  }
  if (result.outcome === "needs-refetch") {
    result = await applyStep("refetch-invoice", async () => applyStripeInvoice(await fetchStripeInvoice(invoice.id), change, { authoritative: true }));
  }
  return result;
}

const invoiceEvent = (type: HandledStripeEventType, jobType: "payment" | "invoice-sync") =>
  createStripeEventFunction({ type, jobType, handle: syncInvoice });

export const invoiceCreated = invoiceEvent("invoice.created", "invoice-sync");
export const invoiceFinalized = invoiceEvent("invoice.finalized", "invoice-sync");
export const invoiceUpdated = invoiceEvent("invoice.updated", "invoice-sync");
export const invoicePaid = invoiceEvent("invoice.paid", "payment");
export const invoicePaymentFailed = invoiceEvent("invoice.payment_failed", "payment");
export const invoiceVoided = invoiceEvent("invoice.voided", "invoice-sync");
export const invoiceMarkedUncollectible = invoiceEvent("invoice.marked_uncollectible", "invoice-sync");
