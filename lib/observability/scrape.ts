// The Prometheus exposition of this instance: process counters plus queue depths read now.
import { db } from "@/lib/db/client";
import { metrics } from "./metrics";

export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const [pendingEvents, openEnvelopes] = await Promise.all([
    db().webhookInbox.count({ where: { status: { in: ["received", "dispatched"] } } }),
    db().failureEnvelope.count({ where: { status: "open" } }),
  ]).catch(() => [Number.NaN, Number.NaN]);
  m.queueDepth.set({ queue: "inbox_pending" }, pendingEvents);
  m.queueDepth.set({ queue: "dead_letters_open" }, openEnvelopes);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
