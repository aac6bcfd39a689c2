// Stores an invoice its own events have not brought yet (money went back from it first): read from
// Stripe with all its lines and applied like any snapshot (its customer learned first when new).
import { fetchAndApplyStripeCustomer } from "@/lib/customers/fetch-stripe-customer";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import { applyStripeInvoice } from "./apply-stripe-invoice";
import { fetchStripeInvoice } from "./fetch-stripe-invoice";

export async function fetchAndApplyStripeInvoice(stripeInvoiceId: string): Promise<{ outcome: string }> {
  const invoice = await fetchStripeInvoice(stripeInvoiceId);
  // Its creation time orders it before any real event about it, so those still apply.
  const change = { sourceId: `fetch:${invoice.id}`, eventType: "invoice.fetched", created: fromUnixSeconds(invoice.created) };
  let result = await applyStripeInvoice(invoice, change, { authoritative: true });
  if (result.outcome === "missing-customer") {
    await fetchAndApplyStripeCustomer(invoice.customer);
    result = await applyStripeInvoice(invoice, change, { authoritative: true });
  }
  if (result.outcome === "missing-customer") throw new Error(`Stripe customer ${invoice.customer} of invoice ${invoice.id} could not be found.`);
  return { outcome: result.outcome };
}
