// Invoice items: pending charges for a customer, or lines of a draft invoice. Creating, changing or
// deleting one recomputes the draft's totals (and records invoice.updated).
import { z } from "zod";
import type { SimContext } from "../context";
import { invalidRequest, resourceMissing } from "../errors";
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
import type { DeletedObject, InvoiceItemObject, InvoiceRecord, RequestMeta } from "../types";
import { getCustomerOrThrow } from "./customers";
import { renderInvoice, saveDraftChange } from "./invoice-totals";

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "Invalid decimal");

export const priceDataParam = z.strictObject({
  currency: currencyParam,
  product: z.string().optional(),
  product_data: z.looseObject({ name: z.string() }).optional(),
  unit_amount: intParam.optional(),
  unit_amount_decimal: decimalString.optional(),
  tax_behavior: z.string().optional(),
});

const periodParam = z.strictObject({ start: intParam, end: intParam });

export const itemAmountFields = {
  amount: intParam.optional(),
  currency: currencyParam.optional(),
  description: z.string().optional(),
  discountable: boolParam.optional(),
  metadata: metadataParam.optional(),
  period: periodParam.optional(),
  price_data: priceDataParam.optional(),
  pricing: z.strictObject({ price: z.string().optional() }).optional(),
  quantity: intParam.optional(),
  unit_amount_decimal: decimalString.optional(),
  tax_behavior: z.string().optional(),
  tax_rates: z.union([z.literal(""), z.array(z.string())]).optional(),
  expand: expandParam,
};

export const invoiceItemCreateSchema = z.strictObject({
  ...itemAmountFields,
  customer: z.string(),
  invoice: z.string().optional(),
  subscription: z.string().optional(),
});
export type InvoiceItemCreateInput = z.output<typeof invoiceItemCreateSchema>;

const invoiceItemUpdateSchema = z.strictObject(itemAmountFields);
type InvoiceItemUpdateInput = z.output<typeof invoiceItemUpdateSchema>;

const invoiceItemListSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  invoice: z.string().optional(),
  pending: boolParam.optional(),
});

type AmountInput = Pick<
  InvoiceItemCreateInput,
  "amount" | "currency" | "quantity" | "unit_amount_decimal" | "price_data" | "pricing"
>;

/** Works out amount, unit price and currency the way Stripe does for each way of pricing an item. */
function priceItem(input: AmountInput, fallbackCurrency: string | undefined) {
  if (input.pricing?.price) throw resourceMissing("price", input.pricing.price, "pricing[price]");
  const quantity = input.quantity ?? 1;
  let unitDecimal: string;
  let amount: number;
  let currency = input.currency ?? fallbackCurrency;
  let priceDetails: { price: string; product: string } | undefined;
  if (input.price_data) {
    const unit = input.price_data.unit_amount_decimal ?? (input.price_data.unit_amount !== undefined ? String(input.price_data.unit_amount) : undefined);
    if (unit === undefined) throw invalidRequest("You must specify either `unit_amount` or `unit_amount_decimal`.", { param: "price_data" });
    unitDecimal = unit;
    amount = Math.round(Number(unit) * quantity);
    currency = input.price_data.currency;
    priceDetails = { price: newId("price"), product: input.price_data.product ?? newId("prod") };
  } else if (input.unit_amount_decimal !== undefined) {
    unitDecimal = input.unit_amount_decimal;
    amount = Math.round(Number(input.unit_amount_decimal) * quantity);
  } else if (input.amount !== undefined) {
    amount = input.amount;
    unitDecimal = quantity === 1 ? String(amount) : String(amount / quantity);
  } else {
    throw invalidRequest("You must specify either `amount`, `unit_amount_decimal`, `price_data` or `pricing`.", {
      code: "parameter_missing",
      param: "amount",
    });
  }
  if (!currency) throw invalidRequest("Missing required param: currency.", { code: "parameter_missing", param: "currency" });
  return { amount, quantity, unitDecimal, currency, priceDetails };
}

export function getDraftOrThrow(sim: SimContext, invoiceId: string, param = "invoice"): InvoiceRecord {
  const invoice = sim.store.invoices.get(invoiceId);
  if (!invoice) throw resourceMissing("in", invoiceId, param);
  if (invoice.status !== "draft") {
    throw invalidRequest(`Invoice ${invoiceId} is no longer editable: only draft invoices can have their items changed.`, {
      code: "invoice_not_editable",
      param,
    });
  }
  return invoice;
}

export function buildInvoiceItem(
  sim: SimContext,
  input: InvoiceItemCreateInput & { id?: string; date?: number },
  invoice: InvoiceRecord | undefined,
): InvoiceItemObject {
  const priced = priceItem(input, invoice?.currency);
  if (invoice && priced.currency !== invoice.currency) {
    throw invalidRequest(
      `The currency of this invoice item (${priced.currency}) does not match the invoice's currency (${invoice.currency}).`,
      { param: "currency" },
    );
  }
  const now = input.date ?? sim.now();
  return {
    id: input.id ?? newId("ii"),
    object: "invoiceitem",
    amount: priced.amount,
    currency: priced.currency,
    customer: input.customer,
    customer_account: null,
    date: now,
    description: input.description ?? null,
    discountable: input.discountable ?? true,
    discounts: [],
    invoice: invoice?.id ?? null,
    livemode: false,
    metadata: applyMetadata(null, input.metadata),
    net_amount: priced.amount,
    parent: null,
    period: input.period ?? { start: now, end: now },
    pricing: {
      type: "price_details",
      ...(priced.priceDetails ? { price_details: priced.priceDetails } : {}),
      unit_amount_decimal: priced.unitDecimal,
    },
    proration: false,
    quantity: priced.quantity,
    quantity_decimal: String(priced.quantity),
    tax_rates: [],
    test_clock: null,
  };
}

export function createInvoiceItem(sim: SimContext, input: InvoiceItemCreateInput, request: RequestMeta): InvoiceItemObject {
  getCustomerOrThrow(sim, input.customer, "customer");
  const invoice = input.invoice ? getDraftOrThrow(sim, input.invoice) : undefined;
  if (invoice && invoice.customer !== input.customer) {
    throw invalidRequest(`The invoice ${invoice.id} belongs to a different customer.`, { param: "invoice" });
  }
  const before = invoice ? renderInvoice(sim, invoice) : undefined;
  const item = sim.store.invoiceItems.set(buildInvoiceItem(sim, input, invoice));
  sim.events.record("invoiceitem.created", item, request);
  if (invoice && before) saveDraftChange(sim, before, invoice.id, request);
  return item;
}

function getItemOrThrow(sim: SimContext, id: string): InvoiceItemObject {
  const item = sim.store.invoiceItems.get(id);
  if (!item) throw resourceMissing("ii", id);
  return item;
}

/** Items on a finalized invoice are frozen; pending ones and those on drafts can change. */
function editableInvoiceOf(sim: SimContext, item: InvoiceItemObject): InvoiceRecord | undefined {
  return typeof item.invoice === "string" ? getDraftOrThrow(sim, item.invoice, "id") : undefined;
}

export function updateInvoiceItem(sim: SimContext, id: string, input: InvoiceItemUpdateInput, request: RequestMeta): InvoiceItemObject {
  const item = getItemOrThrow(sim, id);
  const invoice = editableInvoiceOf(sim, item);
  const before = invoice ? renderInvoice(sim, invoice) : undefined;
  const repriced =
    input.amount !== undefined || input.quantity !== undefined || input.unit_amount_decimal !== undefined || input.price_data;
  const unitFromItem = item.pricing?.unit_amount_decimal ?? String(item.amount);
  const priced = repriced
    ? priceItem(
        {
          currency: item.currency,
          quantity: input.quantity ?? item.quantity,
          amount: input.amount,
          price_data: input.price_data,
          // A quantity change alone keeps the unit price.
          unit_amount_decimal:
            input.unit_amount_decimal ?? (input.amount === undefined && !input.price_data ? unitFromItem : undefined),
        },
        item.currency,
      )
    : undefined;
  const updated: InvoiceItemObject = {
    ...item,
    ...(priced
      ? {
          amount: priced.amount,
          net_amount: priced.amount,
          quantity: priced.quantity,
          quantity_decimal: String(priced.quantity),
          pricing: { type: "price_details", unit_amount_decimal: priced.unitDecimal },
        }
      : {}),
    ...(input.description !== undefined ? { description: input.description || null } : {}),
    ...(input.discountable !== undefined ? { discountable: input.discountable } : {}),
    ...(input.period !== undefined ? { period: input.period } : {}),
    metadata: applyMetadata(item.metadata, input.metadata),
  };
  sim.store.invoiceItems.set(updated);
  if (invoice && before) saveDraftChange(sim, before, invoice.id, request);
  return updated;
}

export function deleteInvoiceItem(sim: SimContext, id: string, request: RequestMeta): DeletedObject<"invoiceitem"> {
  const item = getItemOrThrow(sim, id);
  const invoice = editableInvoiceOf(sim, item);
  const before = invoice ? renderInvoice(sim, invoice) : undefined;
  sim.store.invoiceItems.delete(id);
  sim.events.record("invoiceitem.deleted", item, request);
  if (invoice && before) saveDraftChange(sim, before, invoice.id, request);
  return { id, object: "invoiceitem", deleted: true };
}

export const invoiceItemRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/invoiceitems",
    handle: ({ sim, body, request, expand }) => {
      const input = parseParams(invoiceItemCreateSchema, body);
      return expand(createInvoiceItem(sim, input, request), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoiceitems",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(invoiceItemListSchema, body);
      const all = sim.store.invoiceItems
        .newestFirst()
        .filter((i) => input.customer === undefined || i.customer === input.customer)
        .filter((i) => input.invoice === undefined || i.invoice === input.invoice)
        .filter((i) => input.pending === undefined || (i.invoice === null) === input.pending);
      return expand(paginate(all, input, "/v1/invoiceitems"), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoiceitems/:id",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(z.strictObject({ expand: expandParam }), body);
      return expand(getItemOrThrow(sim, params.id), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoiceitems/:id",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(invoiceItemUpdateSchema, body);
      return expand(updateInvoiceItem(sim, params.id, input, request), input.expand);
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/invoiceitems/:id",
    handle: ({ sim, params, request }) => deleteInvoiceItem(sim, params.id, request),
  },
];
