// Subscriptions, minimal: inline prices (`items[][price_data]`), metadata and cancellation, enough
// for customer.subscription.* events to flow. No invoices are generated from them.
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
import type { PriceObject, RequestMeta, SubscriptionObject } from "../types";
import { getCustomerOrThrow } from "./customers";

const intervalSeconds = { day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 } as const;

const itemParam = z.strictObject({
  price: z.string().optional(),
  price_data: z
    .strictObject({
      currency: currencyParam,
      product: z.string(),
      unit_amount: intParam,
      recurring: z.strictObject({
        interval: z.enum(["day", "week", "month", "year"]),
        interval_count: intParam.optional(),
      }),
    })
    .optional(),
  quantity: intParam.optional(),
  metadata: metadataParam.optional(),
});

const subscriptionCreateSchema = z.strictObject({
  customer: z.string(),
  items: z.array(itemParam).min(1),
  metadata: metadataParam.optional(),
  description: z.string().optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  days_until_due: intParam.optional(),
  cancel_at_period_end: boolParam.optional(),
  default_payment_method: z.string().optional(),
  payment_behavior: z.string().optional(),
  expand: expandParam,
});
export type SubscriptionCreateInput = z.output<typeof subscriptionCreateSchema>;

const subscriptionUpdateSchema = z.strictObject({
  metadata: metadataParam.optional(),
  description: z.string().optional(),
  cancel_at_period_end: boolParam.optional(),
  default_payment_method: z.string().optional(),
  collection_method: z.enum(["charge_automatically", "send_invoice"]).optional(),
  days_until_due: intParam.optional(),
  expand: expandParam,
});
type SubscriptionUpdateInput = z.output<typeof subscriptionUpdateSchema>;

const subscriptionListSchema = z.strictObject({
  ...paginationShape,
  customer: z.string().optional(),
  status: z.enum(["active", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "trialing", "paused", "all", "ended"]).optional(),
});

function buildPrice(data: NonNullable<z.output<typeof itemParam>["price_data"]>, now: number): PriceObject {
  return {
    id: newId("price"),
    object: "price",
    active: false,
    billing_scheme: "per_unit",
    created: now,
    currency: data.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: data.product,
    recurring: {
      interval: data.recurring.interval,
      interval_count: data.recurring.interval_count ?? 1,
      meter: null,
      trial_period_days: null,
      usage_type: "licensed",
    },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: data.unit_amount,
    unit_amount_decimal: String(data.unit_amount),
  };
}

export function buildSubscription(sim: SimContext, input: SubscriptionCreateInput & { id?: string; created?: number }): SubscriptionObject {
  getCustomerOrThrow(sim, input.customer, "customer");
  const now = input.created ?? sim.now();
  const id = input.id ?? newId("sub");
  const items = input.items.map((item, index) => {
    if (!item.price_data) {
      if (item.price) throw resourceMissing("price", item.price, `items[${index}][price]`);
      throw invalidRequest("Each item needs `price_data` in the simulator.", { param: `items[${index}][price_data]` });
    }
    const price = buildPrice(item.price_data, now);
    const recurring = item.price_data.recurring;
    const periodEnd = now + intervalSeconds[recurring.interval] * (recurring.interval_count ?? 1);
    return {
      id: newId("si"),
      object: "subscription_item" as const,
      billing_thresholds: null,
      created: now,
      current_period_end: periodEnd,
      current_period_start: now,
      current_trial: null,
      discounts: [],
      metadata: applyMetadata(null, item.metadata),
      plan: {
        id: price.id,
        object: "plan" as const,
        active: true,
        amount: price.unit_amount,
        amount_decimal: price.unit_amount_decimal,
        billing_scheme: "per_unit",
        created: now,
        currency: price.currency,
        interval: recurring.interval,
        interval_count: recurring.interval_count ?? 1,
        livemode: false,
        metadata: {},
        meter: null,
        nickname: null,
        product: item.price_data.product,
        tiers_mode: null,
        transform_usage: null,
        trial_period_days: null,
        usage_type: "licensed",
      },
      price,
      quantity: item.quantity ?? 1,
      subscription: id,
      tax_rates: [],
    };
  });
  const currencies = new Set(items.map((i) => i.price.currency));
  if (currencies.size > 1) throw invalidRequest("All prices on a subscription must have the same currency.", { param: "items" });
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: input.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: input.collection_method ?? "charge_automatically",
    created: now,
    currency: items[0].price.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: input.days_until_due ?? null,
    default_payment_method: input.default_payment_method ?? null,
    default_source: null,
    description: input.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: applyMetadata(null, input.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: null,
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: null,
    trial_start: null,
  };
}

function getSubscriptionOrThrow(sim: SimContext, id: string): SubscriptionObject {
  const subscription = sim.store.subscriptions.get(id);
  if (!subscription) throw resourceMissing("sub", id);
  return subscription;
}

export function createSubscription(sim: SimContext, input: SubscriptionCreateInput, request: RequestMeta): SubscriptionObject {
  const subscription = sim.store.subscriptions.set(buildSubscription(sim, input));
  sim.events.record("customer.subscription.created", subscription, request);
  return subscription;
}

function updateSubscription(sim: SimContext, id: string, input: SubscriptionUpdateInput, request: RequestMeta): SubscriptionObject {
  const before = getSubscriptionOrThrow(sim, id);
  if (before.status === "canceled") {
    throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.");
  }
  const after: SubscriptionObject = {
    ...before,
    metadata: applyMetadata(before.metadata, input.metadata),
    ...(input.description !== undefined ? { description: input.description || null } : {}),
    ...(input.cancel_at_period_end !== undefined
      ? {
          cancel_at_period_end: input.cancel_at_period_end,
          cancel_at: input.cancel_at_period_end ? (before.items.data[0]?.current_period_end ?? null) : null,
        }
      : {}),
    ...(input.default_payment_method !== undefined ? { default_payment_method: input.default_payment_method || null } : {}),
    ...(input.collection_method !== undefined ? { collection_method: input.collection_method } : {}),
    ...(input.days_until_due !== undefined ? { days_until_due: input.days_until_due } : {}),
  };
  sim.store.subscriptions.set(after);
  sim.events.recordUpdate("customer.subscription.updated", before, after, request);
  return after;
}

export function cancelSubscription(sim: SimContext, id: string, request: RequestMeta): SubscriptionObject {
  const before = getSubscriptionOrThrow(sim, id);
  if (before.status === "canceled") {
    throw invalidRequest(`No such subscription: '${id}'`, { code: "resource_missing", param: "id" });
  }
  const now = sim.now();
  const after: SubscriptionObject = {
    ...before,
    status: "canceled",
    canceled_at: now,
    ended_at: now,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: "cancellation_requested" },
  };
  sim.store.subscriptions.set(after);
  sim.events.record("customer.subscription.deleted", after, request);
  return after;
}

export const subscriptionRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/subscriptions",
    handle: ({ sim, body, request, expand }) => {
      const input = parseParams(subscriptionCreateSchema, body);
      return expand(createSubscription(sim, input, request), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(subscriptionListSchema, body);
      const status = input.status;
      const all = sim.store.subscriptions
        .newestFirst()
        .filter((s) => input.customer === undefined || s.customer === input.customer)
        // Like Stripe, canceled subscriptions are listed only when asked for.
        .filter((s) =>
          status === "all" ? true : status === undefined ? s.status !== "canceled" : status === "ended" ? s.status === "canceled" : s.status === status,
        );
      return expand(paginate(all, input, "/v1/subscriptions"), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions/:id",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(z.strictObject({ expand: expandParam }), body);
      return expand(getSubscriptionOrThrow(sim, params.id), input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/subscriptions/:id",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(subscriptionUpdateSchema, body);
      return expand(updateSubscription(sim, params.id, input, request), input.expand);
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/subscriptions/:id",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(
        z.strictObject({ expand: expandParam, invoice_now: boolParam.optional(), prorate: boolParam.optional(), cancellation_details: z.looseObject({}).optional() }),
        body,
      );
      return expand(cancelSubscription(sim, params.id, request), input.expand);
    },
  },
];
