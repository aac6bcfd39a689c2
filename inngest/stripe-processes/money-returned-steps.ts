// The steps every money-returned process shares: find the invoice a payment paid (stored links
// first, then Stripe's invoice payments, each in its own step), and apply once the invoice is
// stored (fetched from Stripe first when its own events have not arrived). A refund or dispute no
// invoice can be found for fails without retrying, so it lands in the dead letters with its reason.
import { NonRetriableError } from "inngest";
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import type { MoneyReturnedApplyResult } from "@/lib/money-returned/apply-to-invoice";
import { fetchAndApplyStripeInvoice } from "@/lib/invoices/fetch-and-apply-stripe-invoice";
import { describePayment, fetchStripeInvoiceOfPayment, findStripeInvoiceOfPayment, type PaymentRef } from "@/lib/money-returned/invoice-payment-links";
import type { ApplyResult } from "@/lib/webhooks/settle-inbox-entry";

type Step = StripeEventContext["step"];

export async function invoiceOfPayment(step: Step, ref: PaymentRef, subject: string): Promise<string> {
  const stored = await step("find-invoice-of-payment", () => findStripeInvoiceOfPayment(ref));
  if (stored) return stored;
  const fetched = await step("fetch-invoice-payment", () => fetchStripeInvoiceOfPayment(ref));
  if (fetched) return fetched;
  throw new NonRetriableError(`${subject} is not linked to an invoice: Stripe has no invoice payment for ${describePayment(ref)}, so it cannot be shown or counted.`);
}

export async function applyWithInvoice(
  step: Step,
  name: string,
  apply: () => Promise<MoneyReturnedApplyResult>,
): Promise<ApplyResult> {
  let result = await step(name, apply);
  if (result.outcome === "missing-invoice") {
    const stripeInvoiceId = result.stripeInvoiceId;
    await step("fetch-invoice", () => fetchAndApplyStripeInvoice(stripeInvoiceId));
    result = await step(`${name}-to-fetched-invoice`, apply);
    if (result.outcome === "missing-invoice") throw new NonRetriableError(`Stripe invoice ${stripeInvoiceId} could not be stored.`);
  }
  return { outcome: result.outcome, tenantId: result.tenantId };
}
