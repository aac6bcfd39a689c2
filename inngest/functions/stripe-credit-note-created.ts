// Stripe `credit_note.created`: apply the credit note to its invoice (sync-stripe-credit-note.ts), under the payment retry policy.
import { createStripeEventFunction } from "@/inngest/stripe-event-function";
import { syncStripeCreditNote } from "@/inngest/stripe-processes/sync-stripe-credit-note";

export const stripeCreditNoteCreatedFunction = createStripeEventFunction({ type: "credit_note.created", retryPolicy: "payment", process: syncStripeCreditNote });
