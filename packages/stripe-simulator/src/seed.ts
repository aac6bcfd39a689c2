// Seeding writes objects straight into the store WITHOUT recording events, so the app's demo seed
// can create matching rows in its database and in the simulator without webhooks echoing back.
import type { SimContext } from "./context";
import { buildCustomer } from "./resources/customers";
import { buildInvoiceItem } from "./resources/invoice-items";
import { renderInvoice, withTotals } from "./resources/invoice-totals";
import { buildInvoice } from "./resources/invoices";
import { buildSubscription } from "./resources/subscriptions";
import type { SimulatorStore } from "./store";
import type { CustomerObject, EventObject, InvoiceItemObject, InvoiceObject, SubscriptionObject } from "./types";

export interface SeedCustomerInput {
  id?: string;
  name?: string;
  email?: string;
  description?: string;
  metadata?: Record<string, string>;
  invoicePrefix?: string;
  /** e.g. "pm_card_chargeDeclined" to make this customer's payments fail. */
  defaultPaymentMethod?: string;
  created?: number;
}

export interface SeedInvoiceInput {
  id?: string;
  customer: string;
  currency?: string;
  status?: "draft" | "open" | "paid" | "void" | "uncollectible";
  /**
   * `amount` is the unit amount when `quantity` is given. Pass `lineId` (an `il_…` id the app
   * already stored) to get exactly that line id back; lines derive their id from their item's.
   */
  items?: Array<{ id?: string; lineId?: string; amount: number; description?: string | null; quantity?: number }>;
  number?: string;
  description?: string;
  metadata?: Record<string, string>;
  collectionMethod?: "charge_automatically" | "send_invoice";
  daysUntilDue?: number;
  /** Unix seconds; status timestamps default to it. */
  created?: number;
  attemptCount?: number;
}

export interface SeedApi {
  seedCustomer(input?: SeedCustomerInput): CustomerObject;
  seedInvoice(input: SeedInvoiceInput): InvoiceObject;
  seedInvoiceItem(input: { id?: string; customer: string; invoice?: string; amount: number; currency?: string; description?: string }): InvoiceItemObject;
  seedSubscription(input: {
    id?: string;
    customer: string;
    unitAmount: number;
    currency?: string;
    product?: string;
    interval?: "day" | "week" | "month" | "year";
    metadata?: Record<string, string>;
    created?: number;
  }): SubscriptionObject;
  getCustomer(id: string): CustomerObject | undefined;
  getInvoice(id: string): InvoiceObject | undefined;
  listInvoices(filter?: { customer?: string; status?: string }): InvoiceObject[];
  listEvents(filter?: { type?: string }): EventObject[];
  /** The underlying collections, for anything the helpers above do not cover. */
  raw: SimulatorStore;
}

function itemIdForLine(lineId: string): string {
  return `ii_${lineId.slice(lineId.indexOf("_") + 1)}`;
}

export function seedApi(sim: SimContext): SeedApi {
  const { store } = sim;
  return {
    raw: store,
    seedCustomer: (input = {}) =>
      store.customers.set(
        buildCustomer(
          {
            id: input.id,
            name: input.name,
            email: input.email,
            description: input.description,
            metadata: input.metadata,
            invoice_prefix: input.invoicePrefix,
            invoice_settings: input.defaultPaymentMethod ? { default_payment_method: input.defaultPaymentMethod } : undefined,
            created: input.created,
            expand: undefined,
          },
          sim.now(),
        ),
      ),
    seedInvoice: (input) => {
      const draft = store.invoices.set(
        buildInvoice(sim, {
          id: input.id,
          customer: input.customer,
          currency: input.currency,
          description: input.description,
          metadata: input.metadata,
          collection_method: input.collectionMethod,
          days_until_due: input.daysUntilDue ?? (input.collectionMethod === "send_invoice" ? 30 : undefined),
          number: input.number,
          created: input.created,
          expand: undefined,
        }),
      );
      for (const item of input.items ?? []) {
        store.invoiceItems.set(
          buildInvoiceItem(
            sim,
            {
              id: item.id ?? (item.lineId ? itemIdForLine(item.lineId) : undefined),
              customer: input.customer,
              invoice: draft.id,
              amount: item.quantity ? undefined : item.amount,
              unit_amount_decimal: item.quantity ? String(item.amount) : undefined,
              quantity: item.quantity,
              description: item.description ?? undefined,
              date: draft.created,
              expand: undefined,
            },
            draft,
          ),
        );
      }
      const totals = withTotals(sim, draft);
      const status = input.status ?? "draft";
      if (status === "draft") return renderInvoice(sim, store.invoices.set(totals));
      const at = draft.created;
      const customer = store.customers.get(input.customer);
      const sequence = customer?.next_invoice_sequence ?? 1;
      if (customer && !input.number) store.customers.set({ ...customer, next_invoice_sequence: sequence + 1 });
      const paid = status === "paid";
      return renderInvoice(
        sim,
        store.invoices.set({
          ...totals,
          status,
          number: input.number ?? `${customer?.invoice_prefix ?? "SIM"}-${String(sequence).padStart(4, "0")}`,
          effective_at: at,
          attempted: paid || (input.attemptCount ?? 0) > 0,
          attempt_count: input.attemptCount ?? (paid ? 1 : 0),
          amount_paid: paid ? totals.amount_due : 0,
          amount_remaining: paid || status === "void" ? 0 : totals.amount_due,
          status_transitions: {
            finalized_at: at,
            paid_at: paid ? at : null,
            voided_at: status === "void" ? at : null,
            marked_uncollectible_at: status === "uncollectible" ? at : null,
          },
        }),
      );
    },
    seedInvoiceItem: (input) => {
      const invoice = input.invoice ? store.invoices.get(input.invoice) : undefined;
      const item = store.invoiceItems.set(
        buildInvoiceItem(
          sim,
          {
            id: input.id,
            customer: input.customer,
            invoice: input.invoice,
            amount: input.amount,
            currency: input.currency ?? invoice?.currency ?? "usd",
            description: input.description,
            expand: undefined,
          },
          invoice,
        ),
      );
      if (invoice) store.invoices.set(withTotals(sim, invoice));
      return item;
    },
    seedSubscription: (input) =>
      store.subscriptions.set(
        buildSubscription(sim, {
          id: input.id,
          customer: input.customer,
          created: input.created,
          metadata: input.metadata,
          items: [
            {
              price_data: {
                currency: input.currency ?? "usd",
                product: input.product ?? "prod_simulated",
                unit_amount: input.unitAmount,
                recurring: { interval: input.interval ?? "month" },
              },
            },
          ],
          expand: undefined,
        }),
      ),
    getCustomer: (id) => store.customers.get(id),
    getInvoice: (id) => {
      const invoice = store.invoices.get(id);
      return invoice ? renderInvoice(sim, invoice) : undefined;
    },
    listInvoices: (filter = {}) =>
      store.invoices
        .newestFirst()
        .filter((i) => filter.customer === undefined || i.customer === filter.customer)
        .filter((i) => filter.status === undefined || i.status === filter.status)
        .map((i) => renderInvoice(sim, i)),
    listEvents: (filter = {}) =>
      store.events.newestFirst().filter((e) => filter.type === undefined || e.type === filter.type),
  };
}
