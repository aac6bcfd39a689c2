// How replays reach Inngest. Production sends through the app's Inngest client; tests and the
// benchmark pass their own sender to count what was sent.
import { inngest } from "@/inngest/client";

export interface ReplayEvent {
  /** Deterministic (replay:<envelope id>:<n>): Inngest drops a second send of the same id. */
  id: string;
  name: string;
  data: Record<string, unknown>;
}

export interface ReplaySender {
  /** Returns the ids Inngest gave the events, in order. */
  send(events: ReplayEvent[]): Promise<string[]>;
}

export const inngestReplaySender: ReplaySender = {
  async send(events) {
    if (events.length === 0) return [];
    const result = await inngest.send(events);
    return result.ids;
  },
};
