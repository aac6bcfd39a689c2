// Applies a Stripe credit note (credit_note.created / updated / voided) to the invoice it names.
// A pre-payment credit lowered what was due; a post-payment one gave back money already paid,
// partly as refunds (counted with the refunds), the rest as customer credit or out of band.
import type { StripeCreditNote } from "@/lib/stripe/money-returned-schemas";
import { fromUnixSeconds } from "@/lib/stripe/event-ordering";
import type { StripeChange } from "@/lib/stripe/stripe-change";
import { applyToInvoice, isNewerChange, type MoneyReturnedApplyResult } from "./apply-to-invoice";

/** A voided credit note stays void. */
const creditNoteStatusRank = (status: string) => (status === "void" ? 1 : 0);

export async function applyStripeCreditNote(note: StripeCreditNote, change: StripeChange): Promise<MoneyReturnedApplyResult> {
  return applyToInvoice(note.invoice, change, async (tx, invoice) => {
    const stored = await tx.creditNote.findUnique({ where: { stripeCreditNoteId: note.id }, select: { status: true, lastEventCreatedAt: true } });
    if (stored && !isNewerChange(stored, change.created, note.status, creditNoteStatusRank)) return "stale";
    const refunded = note.refunds.reduce((sum, r) => sum + r.amount_refunded, 0);
    const row = {
      tenantId: invoice.tenantId,
      invoiceId: invoice.id,
      number: note.number ?? null,
      type: note.type,
      status: note.status,
      reason: note.reason ?? null,
      memo: note.memo ?? null,
      currency: note.currency,
      total: BigInt(note.total),
      prePaymentAmount: BigInt(note.pre_payment_amount),
      postPaymentAmount: BigInt(note.post_payment_amount),
      refundedAmount: BigInt(refunded),
      stripeCreatedAt: fromUnixSeconds(note.created),
      voidedAt: fromUnixSeconds(note.voided_at),
      lastEventCreatedAt: change.created,
    };
    await tx.creditNote.upsert({ where: { stripeCreditNoteId: note.id }, create: { stripeCreditNoteId: note.id, ...row }, update: row });
    return {
      audit: {
        stripeCreditNoteId: note.id,
        type: note.type,
        statusFrom: stored?.status ?? null,
        statusTo: note.status,
        reason: note.reason ?? null,
        total: note.total,
        prePaymentAmount: note.pre_payment_amount,
        postPaymentAmount: note.post_payment_amount,
        refunded,
        currency: note.currency,
      },
    };
  });
}
