// Typed, event-emitting operations for code that drives the simulator directly (scenarios, the demo
// stream, tests): the same functions the HTTP API calls, so events and webhooks are identical.
import type { SimContext } from "./context";
import { createCustomer, type CustomerCreateInput } from "./resources/customers";
import { createInvoiceItem, deleteInvoiceItem } from "./resources/invoice-items";
import {
  createInvoice,
  deleteDraftInvoice,
  emitOverdueInvoices,
  finalizeInvoice,
  markUncollectible,
  payInvoice,
  voidInvoice,
} from "./resources/invoices";
import { AUTOMATIC, type CustomerObject, type InvoiceItemObject, type InvoiceObject } from "./types";

export interface BillingActions {
  createCustomer(input: Omit<CustomerCreateInput, "expand">): CustomerObject;
  createInvoice(input: {
    customer: string;
    currency?: string;
    description?: string;
    metadata?: Record<string, string>;
    collectionMethod?: "charge_automatically" | "send_invoice";
    daysUntilDue?: number;
    autoAdvance?: boolean;
  }): InvoiceObject;
  addInvoiceItem(input: {
    customer: string;
    invoice?: string;
    amount: number;
    currency?: string;
    description?: string;
    quantity?: number;
    metadata?: Record<string, string>;
  }): InvoiceItemObject;
  deleteInvoiceItem(id: string): void;
  finalizeInvoice(id: string): InvoiceObject;
  /**
   * `decline: true` makes the charge fail, `requireAuthentication: true` makes it wait for 3-D Secure
   * (`invoice.payment_action_required`); both are a 402 in the API, here the same StripeApiError.
   */
  payInvoice(id: string, options?: { decline?: boolean; requireAuthentication?: boolean; paidOutOfBand?: boolean }): InvoiceObject;
  /** Sends `invoice.overdue` for each open invoice past its due date on the simulator's clock (once each). */
  emitOverdueInvoices(): InvoiceObject[];
  voidInvoice(id: string): InvoiceObject;
  markUncollectible(id: string): InvoiceObject;
  deleteDraftInvoice(id: string): void;
}

export function billingActions(sim: SimContext): BillingActions {
  return {
    createCustomer: (input) => createCustomer(sim, { ...input, expand: undefined }, AUTOMATIC),
    createInvoice: (input) =>
      createInvoice(
        sim,
        {
          customer: input.customer,
          currency: input.currency,
          description: input.description,
          metadata: input.metadata,
          collection_method: input.collectionMethod,
          days_until_due: input.daysUntilDue,
          auto_advance: input.autoAdvance,
          expand: undefined,
        },
        AUTOMATIC,
      ),
    addInvoiceItem: (input) => {
      // An item for a draft takes the draft's currency when none is given.
      const currency = input.currency ?? (input.invoice ? sim.store.invoices.get(input.invoice)?.currency : undefined) ?? "usd";
      return createInvoiceItem(
        sim,
        {
          customer: input.customer,
          invoice: input.invoice,
          amount: input.quantity ? undefined : input.amount,
          unit_amount_decimal: input.quantity ? String(input.amount) : undefined,
          quantity: input.quantity,
          currency,
          description: input.description,
          metadata: input.metadata,
          expand: undefined,
        },
        AUTOMATIC,
      );
    },
    deleteInvoiceItem: (id) => void deleteInvoiceItem(sim, id, AUTOMATIC),
    finalizeInvoice: (id) => finalizeInvoice(sim, id, AUTOMATIC),
    payInvoice: (id, options = {}) =>
      payInvoice(
        sim,
        id,
        {
          payment_method: options.decline ? "pm_card_chargeDeclined" : options.requireAuthentication ? "pm_card_authenticationRequired" : undefined,
          paid_out_of_band: options.paidOutOfBand,
          expand: undefined,
        },
        AUTOMATIC,
      ),
    voidInvoice: (id) => voidInvoice(sim, id, AUTOMATIC),
    markUncollectible: (id) => markUncollectible(sim, id, AUTOMATIC),
    deleteDraftInvoice: (id) => void deleteDraftInvoice(sim, id, AUTOMATIC),
    emitOverdueInvoices: () => emitOverdueInvoices(sim, AUTOMATIC),
  };
}
