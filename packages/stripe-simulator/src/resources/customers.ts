// Customers: create / retrieve / update / delete / list, each mutation recording customer.* events.
import { z } from "zod";
import type { SimContext } from "../context";
import { resourceMissing } from "../errors";
import { newId, randomToken } from "../ids";
import { paginate } from "../list";
import { applyMetadata, expandParam, intParam, metadataParam, paginationShape, parseParams } from "../params";
import type { ApiRoute } from "../router";
import type { CustomerObject, DeletedObject, RequestMeta } from "../types";

const invoiceSettingsParam = z.strictObject({
  default_payment_method: z.string().optional(),
  footer: z.string().optional(),
  custom_fields: z.union([z.literal(""), z.array(z.strictObject({ name: z.string(), value: z.string() }))]).optional(),
});

const addressParam = z.union([
  z.literal(""),
  z.strictObject({
    city: z.string().optional(),
    country: z.string().optional(),
    line1: z.string().optional(),
    line2: z.string().optional(),
    postal_code: z.string().optional(),
    state: z.string().optional(),
  }),
]);

const customerFields = {
  name: z.string().optional(),
  email: z.string().optional(),
  description: z.string().optional(),
  phone: z.string().optional(),
  metadata: metadataParam.optional(),
  address: addressParam.optional(),
  preferred_locales: z.array(z.string()).optional(),
  invoice_settings: invoiceSettingsParam.optional(),
  payment_method: z.string().optional(),
  expand: expandParam,
};

export const customerCreateSchema = z.strictObject({ ...customerFields, invoice_prefix: z.string().optional() });
export type CustomerCreateInput = z.output<typeof customerCreateSchema>;
export const customerUpdateSchema = z.strictObject({
  ...customerFields,
  invoice_prefix: z.string().optional(),
  next_invoice_sequence: intParam.optional(),
});
export type CustomerUpdateInput = z.output<typeof customerUpdateSchema>;
const customerListSchema = z.strictObject({ ...paginationShape, email: z.string().optional() });

function toAddress(input: CustomerCreateInput["address"]): CustomerObject["address"] {
  if (input === undefined || input === "") return null;
  return {
    city: input.city ?? null,
    country: input.country ?? null,
    line1: input.line1 ?? null,
    line2: input.line2 ?? null,
    postal_code: input.postal_code ?? null,
    state: input.state ?? null,
  };
}

export function buildCustomer(input: CustomerCreateInput & { id?: string; created?: number }, now: number): CustomerObject {
  return {
    id: input.id ?? newId("cus"),
    object: "customer",
    address: toAddress(input.address),
    balance: 0,
    created: input.created ?? now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: input.invoice_prefix ?? randomToken(8).toUpperCase().replace(/[^A-Z0-9]/g, "X"),
    invoice_settings: {
      custom_fields: input.invoice_settings?.custom_fields || null,
      default_payment_method: input.invoice_settings?.default_payment_method ?? input.payment_method ?? null,
      footer: input.invoice_settings?.footer ?? null,
      rendering_options: null,
    },
    livemode: false,
    metadata: applyMetadata(null, input.metadata),
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: input.preferred_locales ?? [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function getCustomerOrThrow(sim: SimContext, id: string, param = "id"): CustomerObject {
  const customer = sim.store.customers.get(id);
  if (!customer) throw resourceMissing("cus", id, param);
  return customer;
}

export function createCustomer(sim: SimContext, input: CustomerCreateInput, request: RequestMeta): CustomerObject {
  const customer = sim.store.customers.set(buildCustomer(input, sim.now()));
  sim.events.record("customer.created", customer, request);
  return customer;
}

export function updateCustomer(sim: SimContext, id: string, input: CustomerUpdateInput, request: RequestMeta): CustomerObject {
  const before = getCustomerOrThrow(sim, id);
  const after: CustomerObject = {
    ...before,
    ...(input.name !== undefined ? { name: input.name || null } : {}),
    ...(input.email !== undefined ? { email: input.email || null } : {}),
    ...(input.description !== undefined ? { description: input.description || null } : {}),
    ...(input.phone !== undefined ? { phone: input.phone || null } : {}),
    ...(input.address !== undefined ? { address: toAddress(input.address) } : {}),
    ...(input.preferred_locales !== undefined ? { preferred_locales: input.preferred_locales } : {}),
    ...(input.invoice_prefix !== undefined ? { invoice_prefix: input.invoice_prefix } : {}),
    ...(input.next_invoice_sequence !== undefined ? { next_invoice_sequence: input.next_invoice_sequence } : {}),
    metadata: applyMetadata(before.metadata, input.metadata),
    invoice_settings: {
      ...before.invoice_settings,
      ...(input.invoice_settings?.default_payment_method !== undefined
        ? { default_payment_method: input.invoice_settings.default_payment_method || null }
        : {}),
      ...(input.invoice_settings?.footer !== undefined ? { footer: input.invoice_settings.footer || null } : {}),
    },
  };
  sim.store.customers.set(after);
  sim.events.recordUpdate("customer.updated", before, after, request);
  return after;
}

export function deleteCustomer(sim: SimContext, id: string, request: RequestMeta): DeletedObject<"customer"> {
  const customer = getCustomerOrThrow(sim, id);
  sim.store.customers.delete(id);
  sim.events.record("customer.deleted", customer, request);
  return { id, object: "customer", deleted: true };
}

export function renderCustomer(sim: SimContext, id: string): CustomerObject | DeletedObject<"customer"> | undefined {
  const customer = sim.store.customers.get(id);
  if (customer) return customer;
  if (sim.store.customers.wasDeleted(id)) return { id, object: "customer", deleted: true };
  return undefined;
}

export const customerRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/customers",
    handle: ({ sim, body, request, expand }) => {
      const input = parseParams(customerCreateSchema, body);
      return expand(createCustomer(sim, input, request), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers",
    handle: ({ sim, body, expand }) => {
      const input = parseParams(customerListSchema, body);
      const all = sim.store.customers.newestFirst().filter((c) => input.email === undefined || c.email === input.email);
      return expand(paginate(all, input, "/v1/customers"), input.expand);
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers/:id",
    handle: ({ sim, params, body, expand }) => {
      const input = parseParams(z.strictObject({ expand: expandParam }), body);
      const customer = renderCustomer(sim, params.id);
      if (!customer) throw resourceMissing("cus", params.id);
      return expand(customer, input.expand);
    },
  },
  {
    method: "POST",
    pattern: "/v1/customers/:id",
    handle: ({ sim, params, body, request, expand }) => {
      const input = parseParams(customerUpdateSchema, body);
      return expand(updateCustomer(sim, params.id, input, request), input.expand);
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/customers/:id",
    handle: ({ sim, params, request }) => deleteCustomer(sim, params.id, request),
  },
];
