// The embedded Stripe: a local simulator of the Stripe API and its webhooks for development,
// the demo and fault-injection tests. Point the real `stripe` SDK at `sim.url` (host/port/http).
export { startStripeSimulator } from "./server";
export type { StripeSimulator, StripeSimulatorOptions } from "./simulator";
export { startDemoActivity, type DemoActivity, type DemoActivityOptions } from "./demo-activity";
export {
  FaultController,
  type ApiFault,
  type ApiFaultRule,
  type ApiFaultRuleInput,
  type PaymentFaultInput,
  type WebhookFaultsInput,
} from "./faults";
export type { BillingActions } from "./billing";
export type { MoneyReturnedActions } from "./money-returned";
export type { SeedApi, SeedCustomerInput, SeedInvoiceInput } from "./seed";
export type { InvoiceLifecycleOptions, InvoiceLifecycleResult, LifecycleOutcome } from "./scenarios";
export type { DeliveryAttempt } from "./webhook-delivery";
export { DEFAULT_RETRY_SCHEDULE_MS } from "./webhook-delivery";
export type { ApiCallCounter } from "./api-calls";
export { StripeApiError } from "./errors";
export { signatureHeader } from "./signing";
export { paymentIdsOf } from "./resources/invoice-payments";
export type { CustomerObject, EventObject, InvoiceItemObject, InvoiceObject, SubscriptionObject } from "./types";
