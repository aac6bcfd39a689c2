// The Prometheus exposition of this instance: process counters plus queue depths read now.
import { db } from "@/lib/db/client";
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { metrics } from "./metrics";

export async function scrapeMetrics(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const [pendingEvents, openEnvelopes] = await Promise.all([
    db().webhookInbox.count({ where: { status: { in: ["received", "dispatched"] } } }),
    db().failureEnvelope.count({ where: { status: "open" } }),
  ]).catch(() => [Number.NaN, Number.NaN]);
  m.queueDepth.set({ queue: "inbox_pending" }, pendingEvents);
  m.queueDepth.set({ queue: "dead_letters_open" }, openEnvelopes);
  const breaker = stripeGuard().state;
  m.breakerState.set({ breaker: "stripe" }, breaker === "open" ? 1 : breaker === "half-open" ? 0.5 : 0);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
