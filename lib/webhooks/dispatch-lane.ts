// Which lane hands an accepted Stripe event to Inngest. One run per event applies a lone event
// fastest (tens of milliseconds), but every run costs a call to the serve endpoint and its
// bookkeeping, several times the apply itself: under a burst that overhead, not the database,
// caps how fast the backlog drains. So while this process accepts events faster than
// BATCH_APPLY_FROM_EVENTS_PER_SECOND, invoice events go to the batch lane
// (inngest/functions/apply-stripe-event-batch.ts), where one run applies up to
// STRIPE_EVENT_BATCH_SIZE (default 100) of them and hands any it cannot settle back to the
// event's own function.
import { getEnv } from "@/lib/config/env";
import { handledStripeEventTypes } from "./handled-event-types";

export type DispatchLane = "single" | "batch";

/**
 * The event types the batch lane applies: the invoice snapshots (every `invoice.*` type but the
 * deletion), whose apply needs nothing but the database when the event carries the whole invoice.
 */
export const batchAppliedStripeEventTypes: ReadonlySet<string> = new Set(
  handledStripeEventTypes.filter((type) => type.startsWith("invoice.") && type !== "invoice.deleted"),
);

/**
 * Events per second, decayed exponentially: each event counts 1/τ and fades with time constant τ.
 * A short τ (a quarter second) sees a burst after a dozen events, not after the first second of it.
 */
export class DecayingRate {
  private value = 0;
  private at = 0;

  constructor(private readonly timeConstantMs = 250) {}

  note(count: number, now = Date.now()): void {
    this.decay(now);
    this.value += (count * 1_000) / this.timeConstantMs;
  }

  perSecond(now = Date.now()): number {
    this.decay(now);
    return this.value;
  }

  private decay(now: number): void {
    this.value *= Math.exp(-Math.max(0, now - this.at) / this.timeConstantMs);
    this.at = now;
  }
}

/** The lane of an event of `type` while events arrive at `eventsPerSecond`. */
export function dispatchLaneOf(type: string, eventsPerSecond: number, batchFromEventsPerSecond: number): DispatchLane {
  return batchAppliedStripeEventTypes.has(type) && eventsPerSecond >= batchFromEventsPerSecond ? "batch" : "single";
}

const accepted = new DecayingRate();

/** Counts an event handed over by this process and answers its lane. */
export function noteDispatchAndChooseLane(type: string, now = Date.now()): DispatchLane {
  accepted.note(1, now);
  return dispatchLaneOf(type, accepted.perSecond(now), getEnv().BATCH_APPLY_FROM_EVENTS_PER_SECOND);
}
