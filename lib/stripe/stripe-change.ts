// Where a Stripe object's state came from, for every apply (invoices, customers, subscriptions):
// the audit trail records it, and event ordering compares its `created` time.
export interface StripeChange {
  /** The Stripe event id, or `fetch:<object id>` when the state came from a direct read. */
  sourceId: string;
  eventType: string;
  created: Date;
}
