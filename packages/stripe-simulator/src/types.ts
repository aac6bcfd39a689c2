// Wire shapes of the Stripe objects the simulator serves. They are derived from the installed SDK's
// own types so a field the SDK expects cannot be forgotten; decimals travel as strings on the wire
// (the SDK turns them into Decimal objects after parsing), hence `Wire<…>`.
import type Stripe from "stripe";

export type Wire<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends Stripe.Decimal
    ? string
    : T extends Array<infer U>
      ? Array<Wire<U>>
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

export type CustomerObject = Wire<Stripe.Customer>;
export type DeletedObject<O extends string> = { id: string; object: O; deleted: true };
export type InvoiceObject = Wire<Stripe.Invoice>;
/** Invoices are stored without `lines`: lines are rendered from the invoice items attached to them. */
export type InvoiceRecord = Omit<InvoiceObject, "lines">;
export type InvoiceItemObject = Wire<Stripe.InvoiceItem>;
export type InvoiceLineItemObject = Wire<Stripe.InvoiceLineItem>;
export type SubscriptionObject = Wire<Stripe.Subscription>;
export type PriceObject = Wire<Stripe.Price>;
export type WebhookEndpointObject = Wire<Stripe.WebhookEndpoint>;
export type PortalConfigurationObject = Wire<Stripe.BillingPortal.Configuration>;
export type PortalSessionObject = Wire<Stripe.BillingPortal.Session>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A Stripe event as delivered on the wire (`Stripe.Event` is a union over 250 types; this is its common shape). */
export interface EventObject {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  /** On lists embedded in an object (an invoice's `lines`): the length of the whole list. */
  total_count?: number;
  url: string;
}

/** Who caused a mutation: the API request (id + idempotency key) or the simulator itself (both null). */
export interface RequestMeta {
  id: string | null;
  idempotencyKey: string | null;
}

export const AUTOMATIC: RequestMeta = { id: null, idempotencyKey: null };
