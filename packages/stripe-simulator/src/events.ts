// Records Stripe events for every mutation: a snapshot of the object at that moment, the changed
// fields' previous values for `*.updated`, and the request that caused it. Recording hands the event
// to webhook delivery.
import type { Clock } from "./clock";
import { unixSeconds } from "./clock";
import { newId } from "./ids";
import type { SimulatorStore } from "./store";
import type { EventObject, RequestMeta } from "./types";

export interface EventRecorderOptions {
  store: SimulatorStore;
  clock: Clock;
  apiVersion: string;
  /** How many endpoints will receive an event of this type (Stripe's `pending_webhooks`). */
  countTargets: (type: string) => number;
  onRecorded: (event: EventObject) => void;
  /** Events kept (Stripe keeps 30 days); bounds memory and the state file in long demo runs. */
  maxEvents: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Stripe's `previous_attributes`: old values of changed keys, nested objects diffed one level down. */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (key === "lines") continue;
    const old = b[key];
    const now = a[key];
    if (JSON.stringify(old) === JSON.stringify(now)) continue;
    if (isPlainObject(old) && isPlainObject(now) && old.object === undefined) {
      const nested: Record<string, unknown> = {};
      for (const inner of new Set([...Object.keys(old), ...Object.keys(now)])) {
        if (JSON.stringify(old[inner]) !== JSON.stringify(now[inner])) nested[inner] = old[inner] ?? null;
      }
      previous[key] = nested;
    } else {
      previous[key] = old ?? null;
    }
  }
  return previous;
}

export class EventRecorder {
  constructor(private readonly options: EventRecorderOptions) {}

  record(type: string, object: object, request: RequestMeta, previous?: Record<string, unknown>): EventObject {
    const event: EventObject = {
      id: newId("evt"),
      object: "event",
      api_version: this.options.apiVersion,
      created: unixSeconds(this.options.clock),
      data: {
        object: structuredClone(object),
        ...(previous && Object.keys(previous).length > 0 ? { previous_attributes: structuredClone(previous) } : {}),
      },
      livemode: false,
      pending_webhooks: this.options.countTargets(type),
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
    };
    this.options.store.events.set(event);
    this.options.store.events.trimTo(this.options.maxEvents);
    this.options.onRecorded(event);
    return event;
  }

  /** Records `<type>` only when something changed, with `previous_attributes`. */
  recordUpdate(type: string, before: object, after: object, request: RequestMeta): EventObject | undefined {
    const previous = previousAttributes(before, after);
    if (Object.keys(previous).length === 0) return undefined;
    return this.record(type, after, request, previous);
  }
}

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
