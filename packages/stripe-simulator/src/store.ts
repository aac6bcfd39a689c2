// In-memory state of the simulated Stripe account. Collections remember insertion order (the tie
// breaker for objects created in the same second) and tombstones (Stripe answers a deleted
// customer with `{ deleted: true }`, not 404).
import type {
  CustomerObject,
  EventObject,
  InvoiceItemObject,
  InvoiceRecord,
  PortalConfigurationObject,
  PortalSessionObject,
  SubscriptionObject,
  WebhookEndpointObject,
} from "./types";

interface Stored<T> {
  seq: number;
  value: T;
}

export type Dated = { id: string } & ({ created: number } | { date: number });

export function createdOf(value: Dated): number {
  return "created" in value ? value.created : value.date;
}

export class Collection<T extends Dated> {
  private readonly items = new Map<string, Stored<T>>();
  private readonly tombstones = new Set<string>();
  private seq = 0;

  constructor(private readonly onChange: () => void) {}

  get(id: string): T | undefined {
    return this.items.get(id)?.value;
  }

  wasDeleted(id: string): boolean {
    return this.tombstones.has(id);
  }

  set(value: T): T {
    const existing = this.items.get(value.id);
    this.items.set(value.id, { seq: existing?.seq ?? ++this.seq, value });
    this.onChange();
    return value;
  }

  delete(id: string): void {
    if (this.items.delete(id)) this.tombstones.add(id);
    this.onChange();
  }

  /** Forgets the oldest entries beyond `max` (retention, not deletion: no tombstones). */
  trimTo(max: number): void {
    if (this.items.size <= max) return;
    const oldest = [...this.items.entries()].sort(([, a], [, b]) => a.seq - b.seq).slice(0, this.items.size - max);
    for (const [id] of oldest) this.items.delete(id);
  }

  get size(): number {
    return this.items.size;
  }

  /** Newest first, as every Stripe list is. */
  newestFirst(): T[] {
    return [...this.items.values()]
      .sort((a, b) => createdOf(b.value) - createdOf(a.value) || b.seq - a.seq)
      .map((s) => s.value);
  }

  values(): T[] {
    return [...this.items.values()].map((s) => s.value);
  }

  dump(): { items: T[]; deleted: string[] } {
    return {
      items: [...this.items.values()].sort((a, b) => a.seq - b.seq).map((s) => s.value),
      deleted: [...this.tombstones],
    };
  }

  restore(dump: { items: T[]; deleted: string[] }): void {
    this.items.clear();
    this.tombstones.clear();
    this.seq = 0;
    for (const item of dump.items) this.items.set(item.id, { seq: ++this.seq, value: item });
    for (const id of dump.deleted) this.tombstones.add(id);
  }
}

export interface IdempotentResult {
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  status: number;
  body: string;
  requestId: string;
  savedAt: number;
}

export interface StoreSnapshot {
  version: 1;
  savedAt: number;
  customers: { items: CustomerObject[]; deleted: string[] };
  invoices: { items: InvoiceRecord[]; deleted: string[] };
  invoiceItems: { items: InvoiceItemObject[]; deleted: string[] };
  subscriptions: { items: SubscriptionObject[]; deleted: string[] };
  events: { items: EventObject[]; deleted: string[] };
  webhookEndpoints: { items: WebhookEndpointObject[]; deleted: string[] };
  portalConfigurations: { items: PortalConfigurationObject[]; deleted: string[] };
  portalSessions: { items: PortalSessionObject[]; deleted: string[] };
  idempotency: IdempotentResult[];
  /** Webhook secrets of API-created endpoints (Stripe shows them only once, at creation). */
  endpointSecrets: Record<string, string>;
}

export class SimulatorStore {
  private readonly listeners = new Set<() => void>();
  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  readonly customers = new Collection<CustomerObject>(this.notify);
  readonly invoices = new Collection<InvoiceRecord>(this.notify);
  readonly invoiceItems = new Collection<InvoiceItemObject>(this.notify);
  readonly subscriptions = new Collection<SubscriptionObject>(this.notify);
  readonly events = new Collection<EventObject>(this.notify);
  readonly webhookEndpoints = new Collection<WebhookEndpointObject>(this.notify);
  readonly portalConfigurations = new Collection<PortalConfigurationObject>(this.notify);
  readonly portalSessions = new Collection<PortalSessionObject>(this.notify);
  readonly idempotency = new Map<string, IdempotentResult>();
  readonly endpointSecrets = new Map<string, string>();

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  touch(): void {
    this.notify();
  }

  snapshot(now: number): StoreSnapshot {
    return {
      version: 1,
      savedAt: now,
      customers: this.customers.dump(),
      invoices: this.invoices.dump(),
      invoiceItems: this.invoiceItems.dump(),
      subscriptions: this.subscriptions.dump(),
      events: this.events.dump(),
      webhookEndpoints: this.webhookEndpoints.dump(),
      portalConfigurations: this.portalConfigurations.dump(),
      portalSessions: this.portalSessions.dump(),
      idempotency: [...this.idempotency.values()],
      endpointSecrets: Object.fromEntries(this.endpointSecrets),
    };
  }

  restore(snapshot: StoreSnapshot): void {
    this.customers.restore(snapshot.customers);
    this.invoices.restore(snapshot.invoices);
    this.invoiceItems.restore(snapshot.invoiceItems);
    this.subscriptions.restore(snapshot.subscriptions);
    this.events.restore(snapshot.events);
    this.webhookEndpoints.restore(snapshot.webhookEndpoints);
    this.portalConfigurations.restore(snapshot.portalConfigurations);
    this.portalSessions.restore(snapshot.portalSessions);
    this.idempotency.clear();
    for (const record of snapshot.idempotency) this.idempotency.set(record.key, record);
    this.endpointSecrets.clear();
    for (const [id, secret] of Object.entries(snapshot.endpointSecrets)) this.endpointSecrets.set(id, secret);
  }
}
