// Stripe `credit_note.updated`: apply the credit note to its invoice (sync-stripe-credit-note.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeCreditNote } from "@/inngest/stripe-processes/sync-stripe-credit-note";

export const stripeCreditNoteUpdatedFunction = createStripeEventFunction({ type: "credit_note.updated", retryPolicy: "payment", process: syncStripeCreditNote });
