// Delivers events to webhook endpoints like Stripe: signed JSON POSTs, success on 2xx, retries with
// a (compressed) backoff schedule on anything else or a timeout, every attempt in a log. Webhook
// faults from the FaultController shape delivery: copies sent concurrently, batches held back and
// sent reversed or shuffled, delays and forced first-attempt failures.
import type { FaultController, WebhookPlan } from "./faults";
import { matchesEventType } from "./events";
import type { Rng } from "./rng";
import { signatureHeader } from "./signing";
import type { EventObject } from "./types";

export interface WebhookTarget {
  /** "primary" for the simulator's configured webhookUrl, else the `we_…` id. */
  endpointId: string;
  url: string;
  secret: string;
  enabledEvents: string[];
}

export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** 1 for the first attempt of a copy, 2 for its first retry … */
  attempt: number;
  /** Which duplicate copy (0 when not duplicated). */
  copy: number;
  status: number | null;
  ok: boolean;
  error?: string;
  /** The failure was injected by a webhook fault. */
  simulated: boolean;
  startedAt: number;
  durationMs: number;
}

export interface WebhookDeliveryOptions {
  /** Waits between attempts; the number of retries is its length. Stripe's live schedule spans 3 days. */
  retryScheduleMs: number[];
  timeoutMs: number;
  /** Attempts kept in the log (oldest dropped first). */
  maxLogEntries: number;
}

export const DEFAULT_RETRY_SCHEDULE_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

interface Buffered {
  event: EventObject;
  target: WebhookTarget;
  plan: WebhookPlan;
}

export class WebhookDispatcher {
  readonly log: DeliveryAttempt[] = [];
  private pending = 0;
  private waiters: Array<() => void> = [];
  private buffers = new Map<string, { items: Buffered[]; timer?: NodeJS.Timeout }>();
  private timers = new Set<NodeJS.Timeout>();
  private readonly controller = new AbortController();
  private closed = false;

  constructor(
    private readonly options: WebhookDeliveryOptions,
    private readonly targets: () => WebhookTarget[],
    private readonly faults: FaultController,
    private readonly rng: Rng,
    private readonly readEvent: (id: string) => EventObject | undefined,
    private readonly onDelivered: (eventId: string) => void,
  ) {}

  targetsFor(type: string): WebhookTarget[] {
    return this.targets().filter((t) => t.enabledEvents.some((p) => matchesEventType(p, type)));
  }

  dispatch(event: EventObject): void {
    if (this.closed) return;
    for (const target of this.targetsFor(event.type)) {
      const plan = this.faults.planWebhook(event.type);
      this.pending++;
      if (plan.reorder) this.buffer({ event, target, plan });
      else void this.deliver(event, target, plan).finally(() => this.settle());
    }
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  waitForIdle(timeoutMs = 10_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`webhook deliveries still pending after ${timeoutMs}ms (${this.pending} left)`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
    for (const timer of this.timers) clearTimeout(timer);
    for (const buffer of this.buffers.values()) if (buffer.timer) clearTimeout(buffer.timer);
    this.buffers.clear();
    this.pending = 0;
    this.releaseWaiters();
  }

  private settle(): void {
    this.pending = Math.max(0, this.pending - 1);
    if (this.pending === 0) this.releaseWaiters();
  }

  private releaseWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private buffer(item: Buffered): void {
    const reorder = item.plan.reorder;
    if (!reorder) return;
    const key = item.target.endpointId;
    const buffer = this.buffers.get(key) ?? { items: [] };
    this.buffers.set(key, buffer);
    buffer.items.push(item);
    if (buffer.items.length >= reorder.batchSize) {
      void this.flush(key);
    } else if (!buffer.timer) {
      buffer.timer = setTimeout(() => void this.flush(key), reorder.flushAfterMs);
    }
  }

  /** Sends a held batch one event after another, so the receiver sees exactly the chosen order. */
  private async flush(key: string): Promise<void> {
    const buffer = this.buffers.get(key);
    if (!buffer) return;
    this.buffers.delete(key);
    if (buffer.timer) clearTimeout(buffer.timer);
    const order = buffer.items[0]?.plan.reorder?.order ?? "reverse";
    const items = order === "reverse" ? [...buffer.items].reverse() : this.rng.shuffle(buffer.items);
    for (const item of items) {
      await this.deliver(item.event, item.target, item.plan);
      this.settle();
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async deliver(event: EventObject, target: WebhookTarget, plan: WebhookPlan): Promise<void> {
    await this.sleep(plan.delayMs);
    const copies = Array.from({ length: plan.copies }, (_, copy) => this.attemptLoop(event, target, plan, copy));
    const results = await Promise.all(copies);
    if (results.some(Boolean)) this.onDelivered(event.id);
  }

  private async attemptLoop(event: EventObject, target: WebhookTarget, plan: WebhookPlan, copy: number): Promise<boolean> {
    const maxAttempts = this.options.retryScheduleMs.length + 1;
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      const forced = attempt <= plan.failAttempts;
      const ok = await this.attempt(event, target, attempt, plan.copies > 1 ? copy : 0, forced, plan);
      if (ok) return true;
      if (attempt < maxAttempts) await this.sleep(this.options.retryScheduleMs[attempt - 1]);
    }
    return false;
  }

  private async attempt(
    event: EventObject,
    target: WebhookTarget,
    attempt: number,
    copy: number,
    forced: boolean,
    plan: WebhookPlan,
  ): Promise<boolean> {
    const startedAt = Date.now();
    const record = (status: number | null, ok: boolean, error?: string): boolean => {
      if (this.log.length >= this.options.maxLogEntries) this.log.shift();
      this.log.push({
        eventId: event.id,
        eventType: event.type,
        endpointId: target.endpointId,
        url: target.url,
        attempt,
        copy,
        status,
        ok,
        simulated: forced,
        startedAt,
        durationMs: Date.now() - startedAt,
        ...(error ? { error } : {}),
      });
      return ok;
    };
    if (forced && !plan.sendAnyway) return record(plan.failStatus, false, "simulated delivery failure");
    // The payload is the event as stored now (pending_webhooks changes as deliveries succeed).
    const payload = JSON.stringify(this.readEvent(event.id) ?? event, null, 2);
    // The delivery's timeout, held by its pending timer: an AbortSignal.timeout() inside
    // AbortSignal.any() can be garbage-collected (Node 20), and a hung receiver was then waited
    // on for ever, holding its event's retries.
    const expiry = new AbortController();
    const timer = setTimeout(() => expiry.abort(new DOMException(`The receiver did not answer within ${this.options.timeoutMs} ms`, "TimeoutError")), this.options.timeoutMs);
    try {
      const response = await fetch(target.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signatureHeader(payload, target.secret),
        },
        body: payload,
        signal: AbortSignal.any([this.controller.signal, expiry.signal]),
      });
      await response.arrayBuffer();
      if (forced) return record(plan.failStatus, false, `simulated failure (receiver answered ${response.status})`);
      return record(response.status, response.ok);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return record(null, false, message);
    } finally {
      clearTimeout(timer);
    }
  }
}
