// Every Inngest function the app serves; app/api/inngest/route.ts registers this list.
import type { InngestFunction } from "inngest";
import { applyStripeEventBatchFunction } from "./functions/apply-stripe-event-batch";
import { dispatchPendingStripeEventsFunction } from "./functions/dispatch-pending-stripe-events";
import { reconcileInvoicesFunction } from "./functions/reconcile-invoices";
import { refreshReportsFunction } from "./functions/refresh-reports";
import { replayDeadLetterSelectionFunction } from "./functions/replay-dead-letter-selection";
import { sendDeadLetterWeeklyReportFunction } from "./functions/send-dead-letter-weekly-report";
import { stripeCustomerCreatedFunction } from "./functions/stripe-customer-created";
import { stripeCustomerDeletedFunction } from "./functions/stripe-customer-deleted";
import { stripeCustomerSubscriptionCreatedFunction } from "./functions/stripe-customer-subscription-created";
import { stripeCustomerSubscriptionDeletedFunction } from "./functions/stripe-customer-subscription-deleted";
import { stripeCustomerSubscriptionUpdatedFunction } from "./functions/stripe-customer-subscription-updated";
import { stripeCustomerUpdatedFunction } from "./functions/stripe-customer-updated";
import { stripeInvoiceCreatedFunction } from "./functions/stripe-invoice-created";
import { stripeInvoiceDeletedFunction } from "./functions/stripe-invoice-deleted";
import { stripeInvoiceFinalizedFunction } from "./functions/stripe-invoice-finalized";
import { stripeInvoiceMarkedUncollectibleFunction } from "./functions/stripe-invoice-marked-uncollectible";
import { stripeInvoicePaidFunction } from "./functions/stripe-invoice-paid";
import { stripeInvoiceOverdueFunction } from "./functions/stripe-invoice-overdue";
import { stripeInvoicePaymentActionRequiredFunction } from "./functions/stripe-invoice-payment-action-required";
import { stripeInvoicePaymentFailedFunction } from "./functions/stripe-invoice-payment-failed";
import { stripeInvoiceUpdatedFunction } from "./functions/stripe-invoice-updated";
import { stripeInvoiceVoidedFunction } from "./functions/stripe-invoice-voided";
import { stripeInvoiceWillBeDueFunction } from "./functions/stripe-invoice-will-be-due";
import { syncBillingFunction } from "./functions/sync-billing";
import { stripeChargeRefundedFunction } from "./functions/stripe-charge-refunded";
import { stripeChargeRefundUpdatedFunction } from "./functions/stripe-charge-refund-updated";
import { stripeRefundCreatedFunction } from "./functions/stripe-refund-created";
import { stripeRefundUpdatedFunction } from "./functions/stripe-refund-updated";
import { stripeRefundFailedFunction } from "./functions/stripe-refund-failed";
import { stripeCreditNoteCreatedFunction } from "./functions/stripe-credit-note-created";
import { stripeCreditNoteUpdatedFunction } from "./functions/stripe-credit-note-updated";
import { stripeCreditNoteVoidedFunction } from "./functions/stripe-credit-note-voided";
import { stripeChargeDisputeCreatedFunction } from "./functions/stripe-charge-dispute-created";
import { stripeChargeDisputeUpdatedFunction } from "./functions/stripe-charge-dispute-updated";
import { stripeChargeDisputeClosedFunction } from "./functions/stripe-charge-dispute-closed";
import { stripeChargeDisputeFundsWithdrawnFunction } from "./functions/stripe-charge-dispute-funds-withdrawn";
import { stripeChargeDisputeFundsReinstatedFunction } from "./functions/stripe-charge-dispute-funds-reinstated";
import { stripeInvoicePaymentPaidFunction } from "./functions/stripe-invoice-payment-paid";

/** One per handled Stripe event type (lib/webhooks/handled-event-types.ts). */
export const stripeEventFunctions: InngestFunction.Any[] = [
  stripeInvoiceCreatedFunction,
  stripeInvoiceFinalizedFunction,
  stripeInvoiceUpdatedFunction,
  stripeInvoicePaidFunction,
  stripeInvoicePaymentFailedFunction,
  stripeInvoicePaymentActionRequiredFunction,
  stripeInvoiceOverdueFunction,
  stripeInvoiceWillBeDueFunction,
  stripeInvoiceVoidedFunction,
  stripeInvoiceMarkedUncollectibleFunction,
  stripeInvoiceDeletedFunction,
  stripeCustomerCreatedFunction,
  stripeCustomerUpdatedFunction,
  stripeCustomerDeletedFunction,
  stripeCustomerSubscriptionCreatedFunction,
  stripeCustomerSubscriptionUpdatedFunction,
  stripeCustomerSubscriptionDeletedFunction,
  stripeChargeRefundedFunction,
  stripeChargeRefundUpdatedFunction,
  stripeRefundCreatedFunction,
  stripeRefundUpdatedFunction,
  stripeRefundFailedFunction,
  stripeCreditNoteCreatedFunction,
  stripeCreditNoteUpdatedFunction,
  stripeCreditNoteVoidedFunction,
  stripeChargeDisputeCreatedFunction,
  stripeChargeDisputeUpdatedFunction,
  stripeChargeDisputeClosedFunction,
  stripeChargeDisputeFundsWithdrawnFunction,
  stripeChargeDisputeFundsReinstatedFunction,
  stripeInvoicePaymentPaidFunction,
];

export const functions: InngestFunction.Any[] = [
  ...stripeEventFunctions,
  applyStripeEventBatchFunction,
  dispatchPendingStripeEventsFunction,
  syncBillingFunction,
  reconcileInvoicesFunction,
  refreshReportsFunction,
  replayDeadLetterSelectionFunction,
  sendDeadLetterWeeklyReportFunction,
];
