// lib/'s way to hand events to Inngest: only the events declared in ./definitions.ts, typed.
import { inngest } from "@/lib/runtime/inngest-client";
import type { LedgerlineEvent } from "./definitions";

/** Sends the events in one request; returns the ids Inngest gave them, in order. */
export async function sendEvents(events: LedgerlineEvent | LedgerlineEvent[]): Promise<string[]> {
  const result = await inngest.send(events);
  return result.ids;
}
