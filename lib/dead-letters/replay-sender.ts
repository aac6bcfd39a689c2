// How replays reach Inngest. Production sends them as Stripe events (lib/events); tests and the
// benchmark pass their own sender to count what was sent.
import type { StripeEventPayload } from "@/lib/events/definitions";
import { sendEvents } from "@/lib/events/send-event";

/** A replayed Stripe event; its id (replay:<envelope id>:<n>) makes a second send a no-op. */
export type ReplayEvent = StripeEventPayload;

export interface ReplaySender {
  /** Returns the ids Inngest gave the events, in order. */
  send(events: ReplayEvent[]): Promise<string[]>;
}

export const inngestReplaySender: ReplaySender = {
  async send(events) {
    if (events.length === 0) return [];
    return sendEvents(events);
  },
};
