// Invoices and their lifecycle: draft → open → paid | void | uncollectible, each transition
// recording invoice.updated (with previous_attributes) plus its specific event; invalid transitions
// answer with Stripe's errors.
import { z } from "zod";
import type { SimContext } from "../context";
import { invalidRequest, resourceMissing, StripeApiError } from "../errors";
import { newId } from "../ids";
import { paginate } from "../list";
import {
  applyMetadata,
  boolParam,
  currencyParam,
  expandParam,
  intParam,
  metadataParam,
  paginationShape,
  parseParams,
} from "../params";
import type { ApiRoute } from "../router";
import type { DeletedObject, InvoiceObject, InvoiceRecord, RequestMeta } from "../types";
import { getCustomerOrThrow } from "./customers";
import { buildInvoiceItem, getDraftOrThrow, itemAmountFields } from "./invoice-items";
import { linesOf, renderInvoice, saveDraftChange, withTotals } from "./invoice-totals";
import { paymentsListOf } from "./invoice-payments";

const DAY = 86_400;
/** Stripe's default Smart Retries cadence is days apart; the simulator keeps the same shape. */
const RETRY_AFTER_FAILURE_SECONDS = 3 * DAY;

const ignoredObject = z.looseObject({});

export const invoiceCreateSchema = z.strictObject({
  customer: z.string(),
  auto_advance: boolParam.optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  currency: currencyParam.optional(),
  days_until_due: intParam.optional(),
  due_date: intParam.optional(),
  description: z.string().optional(),
  footer: z.string().optional(),
  metadata: metadataParam.optional(),
  pending_invoice_items_behavior: z.enum(["exclude", "include"]).optional(),
  statement_descriptor: z.string().optional(),
  default_payment_method: z.string().optional(),
  number: z.string().optional(),
  subscription: z.string().optional(),
  automatic_tax: ignoredObject.optional(),
  payment_settings: ignoredObject.optional(),
  rendering: ignoredObject.optional(),
  expand: expandParam,
});
export type InvoiceCreateInput = z.output<typeof invoiceCreateSchema>;

const invoiceUpdateSchema = z.strictObject({
  auto_advance: boolParam.optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  days_until_due: intParam.optional(),
  due_date: intParam.optional(),
  description: z.string().optional(),
  footer: z.string().optional(),
  metadata: metadataParam.optional(),
  statement_descriptor: z.string().optional(),
  default_payment_method: z.string().optional(),
  expand: expandParam,
});
type InvoiceUpdateInput = z.output<typeof invoiceUpdateSchema>;

const invoiceListSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  status: z.enum(["draft", "open", "paid", "uncollectible", "void"]).optional(),
  subscription: z.string().optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  due_date: z.unknown().optional(),
});

const payParamsSchema = z.strictObject({
  paid_out_of_band: boolParam.optional(),
  payment_method: z.string().optional(),
  forgive: boolParam.optional(),
  off_session: boolParam.optional(),
  source: z.string().optional(),
  mandate: z.string().optional(),
  expand: expandParam,
});
export type PayInput = z.output<typeof payParamsSchema>;

const addLinesSchema = z.strictObject({
  lines: z.array(z.strictObject({ ...itemAmountFields, invoice_item: z.string().optional() })),
  invoice_metadata: metadataParam.optional(),
  expand: expandParam,
});

/** Test payment methods that decline, as in Stripe's test mode, and the decline they produce. */
const DECLINING_PAYMENT_METHODS: Record<string, { code: string; declineCode: string; message: string }> = {
  pm_card_chargeDeclined: { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." },
  pm_card_visa_chargeDeclined: { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." },
  pm_card_chargeDeclinedInsufficientFunds: {
    code: "card_declined",
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  pm_card_chargeDeclinedExpiredCard: { code: "expired_card", declineCode: "expired_card", message: "Your card has expired." },
};

/** Test payment methods whose charge needs the customer's authentication (3-D Secure), as in test mode. */
const AUTHENTICATING_PAYMENT_METHODS: ReadonlySet<string> = new Set(["pm_card_authenticationRequired", "pm_card_threeDSecure2Required"]);

export function buildInvoice(
  sim: SimContext,
  input: InvoiceCreateInput & { id?: string; created?: number },
): InvoiceRecord {
  const customer = getCustomerOrThrow(sim, input.customer, "customer");
  const now = input.created ?? sim.now();
  const collection = input.collection_method ?? "charge_automatically";
  if (collection === "send_invoice" && input.days_until_due === undefined && input.due_date === undefined) {
    throw invalidRequest(
      "You must specify either `due_date` or `days_until_due` when using `collection_method=send_invoice`.",
      { param: "days_until_due" },
    );
  }
  const dueDate =
    collection === "send_invoice" ? (input.due_date ?? now + (input.days_until_due ?? 0) * DAY) : null;
  return {
    id: input.id ?? newId("in"),
    object: "invoice",
    account_country: "US",
    account_name: "Ledgerline Simulator",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: input.auto_advance ?? false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.subscription ? "subscription" : "manual",
    collection_method: collection,
    created: now,
    currency: input.currency ?? customer.currency ?? "usd",
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: input.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: [],
    description: input.description ?? null,
    discounts: [],
    due_date: dueDate,
    effective_at: null,
    ending_balance: null,
    footer: input.footer ?? customer.invoice_settings.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    livemode: false,
    metadata: applyMetadata(null, input.metadata),
    next_payment_attempt: null,
    number: input.number ?? null,
    on_behalf_of: null,
    parent: input.subscription
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: null, subscription: input.subscription },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: now,
    period_start: now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: input.statement_descriptor ?? null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export function getInvoiceOrThrow(sim: SimContext, id: string): InvoiceRecord {
  const invoice = sim.store.invoices.get(id);
  if (!invoice) throw resourceMissing("in", id);
  return invoice;
}

export function createInvoice(sim: SimContext, input: InvoiceCreateInput, request: RequestMeta): InvoiceObject {
  const invoice = sim.store.invoices.set(buildInvoice(sim, input));
  if (input.pending_invoice_items_behavior === "include") {
    for (const item of sim.store.invoiceItems.values()) {
      if (item.customer === invoice.customer && item.invoice === null && item.currency === invoice.currency) {
        sim.store.invoiceItems.set({ ...item, invoice: invoice.id });
      }
    }
  }
  const saved = sim.store.invoices.set(withTotals(sim, invoice));
  const rendered = renderInvoice(sim, saved);
  sim.events.record("invoice.created", rendered, request);
  return rendered;
}

/** Applies a change to a stored invoice and records invoice.updated plus the transition's events. */
function transition(
  sim: SimContext,
  before: InvoiceRecord,
  change: Partial<InvoiceRecord>,
  eventTypes: string[],
  request: RequestMeta,
): InvoiceObject {
  const beforeRendered = renderInvoice(sim, before);
  const saved = sim.store.invoices.set({ ...before, ...change });
  const after = renderInvoice(sim, saved);
  sim.events.recordUpdate("invoice.updated", beforeRendered, after, request);
  for (const type of eventTypes) sim.events.record(type, after, request);
  return after;
}

export function updateInvoice(sim: SimContext, id: string, input: InvoiceUpdateInput, request: RequestMeta): InvoiceObject {
  const invoice = getInvoiceOrThrow(sim, id);
  const draftOnly = input.collection_method !== undefined || input.days_until_due !== undefined;
  if (draftOnly && invoice.status !== "draft") {
    throw invalidRequest("You can only update the collection method and payment terms of draft invoices.", {
      code: "invoice_not_editable",
    });
  }
  const collection = input.collection_method ?? invoice.collection_method;
  const dueDate =
    input.due_date ??
    (input.days_until_due !== undefined ? invoice.created + input.days_until_due * DAY : undefined) ??
    (collection === "send_invoice" ? invoice.due_date : null);
  return transition(
    sim,
    invoice,
    {
      collection_method: collection,
      due_date: dueDate,
      ...(input.auto_advance !== undefined ? { auto_advance: input.auto_advance } : {}),
      ...(input.description !== undefined ? { description: input.description || null } : {}),
      ...(input.footer !== undefined ? { footer: input.footer || null } : {}),
      ...(input.statement_descriptor !== undefined ? { statement_descriptor: input.statement_descriptor || null } : {}),
      ...(input.default_payment_method !== undefined
        ? { default_payment_method: input.default_payment_method || null }
        : {}),
      metadata: applyMetadata(invoice.metadata, input.metadata),
    },
    [],
    request,
  );
}

export function finalizeInvoice(
  sim: SimContext,
  id: string,
  request: RequestMeta,
  options: { autoAdvance?: boolean } = {},
): InvoiceObject {
  const invoice = withTotals(sim, getInvoiceOrThrow(sim, id));
  if (invoice.status !== "draft") {
    throw invalidRequest("This invoice is already finalized, you can't re-finalize a non-draft invoice.", {
      code: "invoice_not_editable",
    });
  }
  const customer = getCustomerOrThrow(sim, String(invoice.customer), "customer");
  const sequence = customer.next_invoice_sequence ?? 1;
  sim.store.customers.set({ ...customer, next_invoice_sequence: sequence + 1 });
  const now = sim.now();
  const number = invoice.number ?? `${customer.invoice_prefix}-${String(sequence).padStart(4, "0")}`;
  const zero = invoice.amount_due === 0;
  // Stripe marks a zero-amount invoice paid as soon as it is finalized.
  const finalized = transition(
    sim,
    invoice,
    {
      status: zero ? "paid" : "open",
      number,
      effective_at: now,
      ending_balance: 0,
      ...(options.autoAdvance !== undefined ? { auto_advance: options.autoAdvance } : {}),
      ...(zero ? { attempted: true } : {}),
      status_transitions: {
        ...invoice.status_transitions,
        finalized_at: now,
        ...(zero ? { paid_at: now } : {}),
      },
    },
    zero ? ["invoice.finalized", "invoice.paid", "invoice.payment_succeeded"] : ["invoice.finalized"],
    request,
  );
  return finalized;
}

/** The payment method a charge of the invoice uses: the one passed, the invoice's, the customer's default. */
function paymentMethodFor(sim: SimContext, invoice: InvoiceRecord, input: PayInput): string | undefined {
  const customer = sim.store.customers.get(String(invoice.customer));
  return (
    input.payment_method ??
    (typeof invoice.default_payment_method === "string" ? invoice.default_payment_method : undefined) ??
    (typeof customer?.invoice_settings.default_payment_method === "string"
      ? customer.invoice_settings.default_payment_method
      : undefined)
  );
}

function declineFor(sim: SimContext, invoice: InvoiceRecord, paymentMethod: string | undefined) {
  const byMethod = paymentMethod ? DECLINING_PAYMENT_METHODS[paymentMethod] : undefined;
  if (byMethod) return byMethod;
  const injected = sim.faults.takePaymentDecline(String(invoice.customer));
  if (injected) {
    return {
      code: injected === "expired_card" ? "expired_card" : "card_declined",
      declineCode: injected,
      message: injected === "insufficient_funds" ? "Your card has insufficient funds." : "Your card was declined.",
    };
  }
  return undefined;
}

export function payInvoice(sim: SimContext, id: string, input: PayInput, request: RequestMeta): InvoiceObject {
  let invoice = getInvoiceOrThrow(sim, id);
  if (invoice.status === "draft") {
    // Paying a draft finalizes it first, as Stripe does.
    finalizeInvoice(sim, id, request);
    invoice = getInvoiceOrThrow(sim, id);
    if (invoice.status === "paid") return renderInvoice(sim, invoice);
  }
  if (invoice.status === "paid") throw invalidRequest("Invoice is already paid");
  if (invoice.status === "void") throw invalidRequest("This invoice has been voided and can no longer be paid.");
  const now = sim.now();
  const paymentMethod = input.paid_out_of_band ? undefined : paymentMethodFor(sim, invoice, input);
  if (paymentMethod && AUTHENTICATING_PAYMENT_METHODS.has(paymentMethod)) {
    // The invoice stays open until the customer authenticates on the hosted invoice page.
    transition(sim, invoice, { attempted: true, attempt_count: invoice.attempt_count + 1 }, ["invoice.payment_action_required"], request);
    throw new StripeApiError(402, "card_error", "Your card was declined. This transaction requires authentication.", {
      code: "authentication_required",
      declineCode: "authentication_required",
    });
  }
  const decline = input.paid_out_of_band ? undefined : declineFor(sim, invoice, paymentMethod);
  if (decline) {
    transition(
      sim,
      invoice,
      {
        attempted: true,
        attempt_count: invoice.attempt_count + 1,
        next_payment_attempt: invoice.auto_advance ? now + RETRY_AFTER_FAILURE_SECONDS : null,
      },
      ["invoice.payment_failed"],
      request,
    );
    throw new StripeApiError(402, "card_error", decline.message, {
      code: decline.code,
      declineCode: decline.declineCode,
    });
  }
  return transition(
    sim,
    invoice,
    {
      status: "paid",
      attempted: true,
      attempt_count: input.paid_out_of_band ? invoice.attempt_count : invoice.attempt_count + 1,
      amount_paid: invoice.amount_due,
      amount_remaining: 0,
      next_payment_attempt: null,
      status_transitions: { ...invoice.status_transitions, paid_at: now },
      ...(input.paid_out_of_band ? { amount_paid_off_stripe: invoice.amount_due } : {}),
    },
    input.paid_out_of_band ? ["invoice.paid"] : ["invoice.paid", "invoice.payment_succeeded"],
    request,
  );
}

/**
 * Stripe's `invoice.overdue`: every open invoice whose due date has passed on the simulator's clock
 * gets the event once (Stripe sends it once per invoice). Returns the invoices it was sent for.
 */
export function emitOverdueInvoices(sim: SimContext, request: RequestMeta): InvoiceObject[] {
  const now = sim.now();
  const notified = new Set(
    sim.store.events
      .values()
      .filter((event) => event.type === "invoice.overdue")
      .map((event) => (event.data.object as { id?: string }).id),
  );
  const overdue = sim.store.invoices
    .values()
    .filter((invoice) => invoice.status === "open" && invoice.due_date !== null && invoice.due_date <= now && !notified.has(invoice.id));
  return overdue.map((invoice) => {
    const rendered = renderInvoice(sim, invoice);
    sim.events.record("invoice.overdue", rendered, request);
    return rendered;
  });
}

export function voidInvoice(sim: SimContext, id: string, request: RequestMeta): InvoiceObject {
  const invoice = getInvoiceOrThrow(sim, id);
  if (invoice.status !== "open" && invoice.status !== "uncollectible") {
    throw invalidRequest("You can only pass in open invoices. This invoice isn't open.");
  }
  return transition(
    sim,
    invoice,
    {
      status: "void",
      amount_remaining: 0,
      next_payment_attempt: null,
      status_transitions: { ...invoice.status_transitions, voided_at: sim.now() },
    },
    ["invoice.voided"],
    request,
  );
}

export function markUncollectible(sim: SimContext, id: string, request: RequestMeta): InvoiceObject {
  const invoice = getInvoiceOrThrow(sim, id);
  if (invoice.status !== "open") throw invalidRequest("You can only pass in open invoices. This invoice isn't open.");
  return transition(
    sim,
    invoice,
    {
      status: "uncollectible",
      next_payment_attempt: null,
      status_transitions: { ...invoice.status_transitions, marked_uncollectible_at: sim.now() },
    },
    ["invoice.marked_uncollectible"],
    request,
  );
}

export function deleteDraftInvoice(sim: SimContext, id: string, request: RequestMeta): DeletedObject<"invoice"> {
  const invoice = getInvoiceOrThrow(sim, id);
  if (invoice.status !== "draft") {
    throw invalidRequest("You can only delete draft invoices. Finalized invoices can be voided instead.");
  }
  const rendered = renderInvoice(sim, invoice);
  for (const item of sim.store.invoiceItems.values()) if (item.invoice === id) sim.store.invoiceItems.delete(item.id);
  sim.store.invoices.delete(id);
  sim.events.record("invoice.deleted", rendered, request);
  return { id, object: "invoice", deleted: true };
}

function addLines(sim: SimContext, id: string, input: z.output<typeof addLinesSchema>, request: RequestMeta): InvoiceObject {
  const invoice = getDraftOrThrow(sim, id, "id");
  const before = renderInvoice(sim, invoice);
  for (const [index, line] of input.lines.entries()) {
    if (line.invoice_item) {
      const existing = sim.store.invoiceItems.get(line.invoice_item);
      if (!existing) throw resourceMissing("ii", line.invoice_item, `lines[${index}][invoice_item]`);
      sim.store.invoiceItems.set({ ...existing, invoice: id });
      continue;
    }
    const { invoice_item: _unused, ...fields } = line;
    void _unused;
    const item = sim.store.invoiceItems.set(
      buildInvoiceItem(sim, { ...fields, customer: String(invoice.customer), invoice: id }, invoice),
    );
    sim.events.record("invoiceitem.created", item, request);
  }
  if (input.invoice_metadata !== undefined) {
    sim.store.invoices.set({ ...invoice, metadata: applyMetadata(invoice.metadata, input.invoice_metadata) });
  }
  saveDraftChange(sim, before, id, request);
  return renderInvoice(sim, getInvoiceOrThrow(sim, id));
}

const expandOnly = z.strictObject({ expand: expandParam });

export const invoiceRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/invoices",
    handle: ({ sim, body, request, expand }) => {
      const input = parseParams(invoiceCreateSchema, body);
      return expand(createInvoice(sim, input, request), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoices",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(invoiceListSchema, body);
      const all = sim.store.invoices
        .newestFirst()
        .filter((i) => input.customer === undefined || i.customer === input.customer)
        .filter((i) => input.status === undefined || i.status === input.status)
        .filter((i) => input.collection_method === undefined || i.collection_method === input.collection_method)
        .filter(
          (i) => input.subscription === undefined || i.parent?.subscription_details?.subscription === input.subscription,
        );
      // Render only the page: rendering derives lines from items.
      const page = paginate(all, input, "/v1/invoices");
      return expand({ ...page, data: page.data.map((i) => renderInvoice(sim, i)) }, input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoices/:id",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(expandOnly, body);
      const invoice = getInvoiceOrThrow(sim, params.id);
      // `payments` is an includable list, not an id to resolve.
      if (!input.expand?.includes("payments")) return expand(renderInvoice(sim, invoice), input.expand);
      return expand({ ...renderInvoice(sim, invoice), payments: paymentsListOf(invoice) }, input.expand.filter((path) => path !== "payments"));
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoices/:id/lines",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(z.strictObject(paginationShape), body);
      getInvoiceOrThrow(sim, params.id);
      // Lines page in the order they appear on the invoice.
      return expand(paginate(linesOf(sim, params.id), input, `/v1/invoices/${params.id}/lines`), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(invoiceUpdateSchema, body);
      return expand(updateInvoice(sim, params.id, input, request), input.expand);
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/invoices/:id",
    handle: ({ sim, params, request }) => deleteDraftInvoice(sim, params.id, request),
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/finalize",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(z.strictObject({ auto_advance: boolParam.optional(), expand: expandParam }), body);
      return expand(finalizeInvoice(sim, params.id, request, { autoAdvance: input.auto_advance }), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/pay",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(payParamsSchema, body);
      return expand(payInvoice(sim, params.id, input, request), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/void",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(expandOnly, body);
      return expand(voidInvoice(sim, params.id, request), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/mark_uncollectible",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(expandOnly, body);
      return expand(markUncollectible(sim, params.id, request), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/add_lines",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(addLinesSchema, body);
      return expand(addLines(sim, params.id, input, request), input.expand);
    },
  },
];
