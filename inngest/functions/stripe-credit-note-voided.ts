// Stripe `credit_note.voided`: apply the voided credit note, which no longer counts (sync-stripe-credit-note.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeCreditNote } from "@/inngest/stripe-processes/sync-stripe-credit-note";

export const stripeCreditNoteVoidedFunction = createStripeEventFunction({ type: "credit_note.voided", retryPolicy: "payment", process: syncStripeCreditNote });
