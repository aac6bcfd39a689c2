// Invoice payments API (list): the simulator does not model payment intents or charges, so every
// paid invoice has one derived invoice payment whose payment intent and charge ids follow from the
// invoice id (`in_X` → `pi_X`, `ch_X`, `inpay_X`). Refunds and disputes sent for those ids (by a
// test or the demo) link back to their invoice through this list, as they do in Stripe.
import { z } from "zod";
import { paginate } from "../list";
import { paginationShape, parseParams } from "../params";
import type { ApiRoute } from "../router";
import type { InvoiceRecord } from "../types";

const suffixOf = (invoiceId: string) => invoiceId.replace(/^in_/, "");

/** The derived payment ids of a simulated invoice. */
export function paymentIdsOf(invoiceId: string) {
  const suffix = suffixOf(invoiceId);
  return { invoicePayment: `inpay_${suffix}`, paymentIntent: `pi_${suffix}`, charge: `ch_${suffix}` };
}

function invoicePaymentOf(invoice: InvoiceRecord) {
  const ids = paymentIdsOf(invoice.id);
  const paidAt = invoice.status_transitions?.paid_at ?? null;
  return {
    id: ids.invoicePayment,
    object: "invoice_payment" as const,
    amount_paid: invoice.amount_paid,
    amount_requested: invoice.amount_due,
    created: paidAt ?? invoice.created,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: ids.paymentIntent },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: paidAt },
  };
}

const isPaid = (invoice: InvoiceRecord) => invoice.status === "paid" && invoice.amount_paid > 0;

/** An invoice's `payments` list, as Stripe includes it when the invoice is read with `expand[]=payments`. */
export function paymentsListOf(invoice: InvoiceRecord) {
  return { object: "list" as const, data: isPaid(invoice) ? [invoicePaymentOf(invoice)] : [], has_more: false, url: `/v1/invoice_payments?invoice=${invoice.id}` };
}

const listSchema = z.strictObject({
  ...paginationShape,
  invoice: z.string().optional(),
  status: z.string().optional(),
  payment: z.object({ type: z.string(), payment_intent: z.string().optional(), charge: z.string().optional() }).optional(),
});

export const invoicePaymentRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/v1/invoice_payments",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(listSchema, body);
      const all = sim.store.invoices
        .newestFirst()
        .filter(isPaid)
        .filter((invoice) => !input.invoice || invoice.id === input.invoice)
        .filter((invoice) => {
          const ids = paymentIdsOf(invoice.id);
          // A charge of a payment intent is listed under the payment intent, as in Stripe.
          if (input.payment?.payment_intent) return ids.paymentIntent === input.payment.payment_intent;
          if (input.payment?.charge) return false;
          return true;
        })
        .map(invoicePaymentOf)
        .filter((payment) => !input.status || payment.status === input.status);
      return expand(paginate(all, input, "/v1/invoice_payments"), input.expand);
    },
  },
];
