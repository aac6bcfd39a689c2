// Every Inngest function the app serves; app/api/inngest/route.ts registers this list.
import type { InngestFunction } from "inngest";
import * as customerEvents from "./functions/customer-events";
import { dlqBulkReplayFunction } from "./functions/dlq-bulk-replay";
import { dlqWeeklyReportFunction } from "./functions/dlq-weekly-report";
import { dispatchPendingStripeEventsFunction } from "./functions/dispatch-pending-stripe-events";
import * as invoiceEvents from "./functions/invoice-events";
import { reconcileInvoicesFunction } from "./functions/reconcile-invoices";
import { refreshReportsFunction } from "./functions/refresh-reports";
import { syncBillingFunction } from "./functions/sync-billing";

export const functions: InngestFunction.Any[] = [
  ...Object.values(invoiceEvents),
  ...Object.values(customerEvents),
  dispatchPendingStripeEventsFunction,
  syncBillingFunction,
  reconcileInvoicesFunction,
  refreshReportsFunction,
  dlqBulkReplayFunction,
  dlqWeeklyReportFunction,
];
