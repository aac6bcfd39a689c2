// Event-emitting scenarios: a whole invoice lifecycle for a customer in one call, producing the
// same events (and webhooks) as the app driving Stripe step by step.
import type { BillingActions } from "./billing";
import { StripeApiError } from "./errors";
import type { SeedApi } from "./seed";
import type { EventObject, InvoiceObject } from "./types";

export type LifecycleOutcome = "open" | "pay" | "fail" | "fail_then_pay" | "void" | "uncollectible";

export interface InvoiceLifecycleOptions {
  outcome: LifecycleOutcome;
  currency?: string;
  items?: Array<{ amount: number; description?: string }>;
  metadata?: Record<string, string>;
}

export interface InvoiceLifecycleResult {
  invoice: InvoiceObject;
  /** Events recorded by the scenario, oldest first. */
  events: EventObject[];
}

export function simulateInvoiceLifecycle(
  billing: BillingActions,
  store: SeedApi,
  customerId: string,
  options: InvoiceLifecycleOptions,
): InvoiceLifecycleResult {
  const known = new Set(store.raw.events.values().map((e) => e.id));
  const draft = billing.createInvoice({ customer: customerId, currency: options.currency, metadata: options.metadata });
  const items = options.items ?? [{ amount: 4_900, description: "Pro plan" }];
  for (const item of items) {
    billing.addInvoiceItem({ customer: customerId, invoice: draft.id, amount: item.amount, description: item.description });
  }
  const invoice = billing.finalizeInvoice(draft.id);
  const decline = (): void => {
    try {
      billing.payInvoice(draft.id, { decline: true });
    } catch (error) {
      // The declined charge is the point of this outcome; anything else is a real failure.
      if (!(error instanceof StripeApiError) || error.status !== 402) throw error;
    }
  };
  switch (options.outcome) {
    case "open":
      break;
    case "pay":
      billing.payInvoice(draft.id);
      break;
    case "fail":
      decline();
      break;
    case "fail_then_pay":
      decline();
      billing.payInvoice(draft.id);
      break;
    case "void":
      billing.voidInvoice(draft.id);
      break;
    case "uncollectible":
      billing.markUncollectible(draft.id);
      break;
  }
  const events = store.raw.events.values().filter((e) => !known.has(e.id));
  return { invoice: store.getInvoice(draft.id) ?? invoice, events };
}
