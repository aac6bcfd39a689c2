// The process of Stripe credit note events (credit_note.created / updated / voided): apply the
// credit note to the invoice it names.
import type { StripeEventContext } from "@/inngest/stripe-event-function";
import { applyStripeCreditNote } from "@/lib/money-returned/apply-stripe-credit-note";
import { stripeCreditNoteSchema } from "@/lib/stripe/money-returned-schemas";
import { applyWithInvoice } from "./money-returned-steps";
import { parseEventObject } from "./parse-event-object";

export async function syncStripeCreditNote(ctx: StripeEventContext) {
  const note = parseEventObject(stripeCreditNoteSchema, ctx.stripeEvent, "credit note");
  return applyWithInvoice(ctx.step, "apply-credit-note", () => applyStripeCreditNote(note, ctx.change));
}
