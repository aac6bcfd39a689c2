// Every Inngest function the app serves; app/api/inngest/route.ts registers this list.
import type { InngestFunction } from "inngest";
import * as customerEvents from "./functions/customer-events";
import { dispatchPendingStripeEventsFunction } from "./functions/dispatch-pending-stripe-events";
import * as invoiceEvents from "./functions/invoice-events";

export const functions: InngestFunction.Any[] = [
  ...Object.values(invoiceEvents),
  ...Object.values(customerEvents),
  dispatchPendingStripeEventsFunction,
];
