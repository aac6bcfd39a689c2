// Which invoice a Stripe payment (payment intent or charge) paid. A charge no longer names its
// invoice, so refunds and disputes reach their invoice through Stripe's invoice payments: learned
// from `invoice_payment.paid`, from an invoice event's `payments` list, from refunds and disputes
// already linked, or read from Stripe.
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { stripeInvoicePaymentSchema, type StripeInvoicePayment } from "@/lib/stripe/money-returned-schemas";
import { getStripe } from "@/lib/stripe/client";
import type { StripeInvoice } from "@/lib/stripe/schemas";

/** A payment as refunds and disputes name it. */
export interface PaymentRef {
  paymentIntentId: string | null;
  chargeId: string | null;
}

type Reader = Pick<Prisma.TransactionClient, "invoicePaymentLink" | "refund" | "dispute" | "invoice">;
type Writer = Pick<Prisma.TransactionClient, "invoicePaymentLink">;

/** Remembers which invoice a payment paid. Idempotent. */
export async function recordInvoicePaymentLink(payment: StripeInvoicePayment, writer: Writer = db()): Promise<void> {
  await upsertLink(writer, payment.id, { stripeInvoiceId: payment.invoice, paymentIntentId: payment.payment.payment_intent ?? null, chargeId: payment.payment.charge ?? null });
}

/**
 * Remembers the payments an invoice carries (its `payments` list, when the event includes it), so
 * their refunds and disputes find the invoice without asking Stripe. Idempotent; answers how many.
 */
export async function recordInvoicePaymentLinks(invoice: Pick<StripeInvoice, "id" | "payments">, writer: Writer = db()): Promise<number> {
  const payments = (invoice.payments?.data ?? []).filter((p) => p.payment?.payment_intent || p.payment?.charge);
  for (const payment of payments) {
    await upsertLink(writer, payment.id, { stripeInvoiceId: invoice.id, paymentIntentId: payment.payment?.payment_intent ?? null, chargeId: payment.payment?.charge ?? null });
  }
  return payments.length;
}

async function upsertLink(writer: Writer, stripeInvoicePaymentId: string, row: { stripeInvoiceId: string; paymentIntentId: string | null; chargeId: string | null }): Promise<void> {
  await writer.invoicePaymentLink.upsert({ where: { stripeInvoicePaymentId }, create: { stripeInvoicePaymentId, ...row }, update: row });
}

/** The Stripe invoice a payment paid, from what is stored; null when nothing here links it. */
export async function findStripeInvoiceOfPayment(ref: PaymentRef, reader: Reader = db()): Promise<string | null> {
  const byPayment = [
    ...(ref.paymentIntentId ? [{ paymentIntentId: ref.paymentIntentId }] : []),
    ...(ref.chargeId ? [{ chargeId: ref.chargeId }] : []),
  ];
  if (byPayment.length === 0) return null;
  const link = await reader.invoicePaymentLink.findFirst({ where: { OR: byPayment }, select: { stripeInvoiceId: true } });
  if (link) return link.stripeInvoiceId;
  // Another refund or a dispute of the same payment was linked before.
  const sibling =
    (await reader.refund.findFirst({ where: { OR: byPayment }, select: { invoiceId: true } })) ??
    (await reader.dispute.findFirst({ where: { OR: byPayment }, select: { invoiceId: true } }));
  if (!sibling) return null;
  const invoice = await reader.invoice.findUnique({ where: { id: sibling.invoiceId }, select: { stripeInvoiceId: true } });
  return invoice?.stripeInvoiceId ?? null;
}

/**
 * Asks Stripe which invoice a payment paid (its invoice payments, by payment intent, else by
 * charge) and remembers the answer. Null when Stripe has no invoice payment for it.
 */
export async function fetchStripeInvoiceOfPayment(ref: PaymentRef): Promise<string | null> {
  const guard = stripeGuard();
  const queries = [
    ...(ref.paymentIntentId ? [{ type: "payment_intent" as const, payment_intent: ref.paymentIntentId }] : []),
    ...(ref.chargeId ? [{ type: "charge" as const, charge: ref.chargeId }] : []),
  ];
  for (const payment of queries) {
    const page = await guard.call("invoicePayments.list", () => getStripe().invoicePayments.list({ payment, limit: 1 }));
    const found = page.data[0];
    if (found) {
      const parsed = stripeInvoicePaymentSchema.parse(found);
      await recordInvoicePaymentLink(parsed);
      return parsed.invoice;
    }
  }
  return null;
}

/** How a payment is named in messages. */
export function describePayment(ref: PaymentRef): string {
  return [ref.paymentIntentId && `payment intent ${ref.paymentIntentId}`, ref.chargeId && `charge ${ref.chargeId}`].filter(Boolean).join(", ") || "no payment";
}
