// A live stream of realistic billing activity for the demo: usage items land on drafts, drafts are
// finalized, invoices are paid, some payments fail and are retried later. Everything goes through
// the simulator's event-emitting operations, so the app sees it as webhooks.
import { StripeApiError } from "./errors";
import { createRng } from "./rng";
import type { StripeSimulator } from "./simulator";
import type { InvoiceRecord } from "./types";

export interface DemoActivityOptions {
  intervalMs?: number;
  /** Customer ids to bill (default: every customer in the simulator). */
  customers?: string[];
  /** Share of first payment attempts that are declined (default 0.15). */
  failureRate?: number;
  /** Share of retries that are declined again (default 0.3). */
  retryFailureRate?: number;
  seed?: number;
  currency?: string;
  onError?: (error: unknown) => void;
}

export interface DemoActivity {
  /** Runs one step now; returns what it did (for logs and tests). */
  tick(): string;
  stop(): void;
}

const USAGE_ITEMS = [
  { description: "API requests", unit: 2 },
  { description: "Seats", unit: 1_200 },
  { description: "Storage (GB-month)", unit: 25 },
  { description: "Support add-on", unit: 4_900 },
  { description: "Overage: events processed", unit: 1 },
];

export function startDemoActivity(sim: StripeSimulator, options: DemoActivityOptions = {}): DemoActivity {
  const rng = createRng(options.seed ?? 7);
  const failureRate = options.failureRate ?? 0.15;
  const retryFailureRate = options.retryFailureRate ?? 0.3;
  const customers = (): string[] =>
    options.customers ?? sim.store.raw.customers.values().map((c) => c.id);
  // Stored records, not rendered invoices: a long demo run accumulates thousands of them.
  const invoicesWhere = (predicate: (i: InvoiceRecord) => boolean): InvoiceRecord[] => {
    const ids = new Set(customers());
    return sim.store.raw.invoices.values().filter((i) => ids.has(String(i.customer)) && predicate(i));
  };

  const pay = (invoice: InvoiceRecord, declineRate: number): string => {
    const decline = rng.next() < declineRate;
    try {
      sim.billing.payInvoice(invoice.id, { decline });
      return `paid ${invoice.id}`;
    } catch (error) {
      if (error instanceof StripeApiError && error.status === 402) return `payment failed ${invoice.id}`;
      throw error;
    }
  };

  const addUsage = (): string => {
    const ids = customers();
    if (ids.length === 0) return "idle (no customers)";
    const customer = rng.pick(ids);
    const draft =
      invoicesWhere((i) => i.status === "draft" && i.customer === customer)[0] ??
      sim.billing.createInvoice({ customer, currency: options.currency, description: "Monthly usage" });
    const usage = rng.pick(USAGE_ITEMS);
    const quantity = rng.int(1, usage.unit === 1 ? 5_000 : 20);
    sim.billing.addInvoiceItem({
      customer,
      invoice: draft.id,
      amount: usage.unit,
      quantity,
      description: `${usage.description} × ${quantity}`,
    });
    return `usage added to ${draft.id}`;
  };

  const tick = (): string => {
    const roll = rng.next();
    const drafts = invoicesWhere((i) => i.status === "draft" && i.total > 0);
    const fresh = invoicesWhere((i) => i.status === "open" && i.attempt_count === 0);
    const failed = invoicesWhere((i) => i.status === "open" && i.attempt_count > 0);
    if (roll < 0.15 && failed.length > 0) return pay(rng.pick(failed), retryFailureRate);
    if (roll < 0.4 && fresh.length > 0) return pay(rng.pick(fresh), failureRate);
    if (roll < 0.6 && drafts.length > 0) return `finalized ${sim.billing.finalizeInvoice(rng.pick(drafts).id).id}`;
    return addUsage();
  };

  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      options.onError?.(error);
    }
  }, options.intervalMs ?? 5_000);
  timer.unref();

  return { tick, stop: () => clearInterval(timer) };
}
