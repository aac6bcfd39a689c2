// Accepts a verified Stripe event: stores it once and hands it over. Once stored, it is never
// lost: a failed hand-over leaves it "received" for the sweeper to dispatch.
import { logger } from "@/lib/logging/logger";
import { metrics } from "@/lib/observability/metrics";
import { apiVersionSupport } from "@/lib/stripe/api-version";
import type { StripeEvent } from "@/lib/stripe/schemas";
import { dispatchStripeEvent } from "./dispatch-stripe-event";
import { isHandledStripeEventType } from "./handled-event-types";
import { storeInboxEvent } from "./inbox";

export type AcceptOutcome = "accepted" | "duplicate" | "ignored" | "queued";

export async function acceptStripeEvent(event: StripeEvent): Promise<AcceptOutcome> {
  const outcome = await storeAndDispatch(event);
  metrics().eventsReceived.inc({ type: event.type, outcome });
  return outcome;
}

async function storeAndDispatch(event: StripeEvent): Promise<AcceptOutcome> {
  const stored = await storeInboxEvent(event);
  if (!stored) return "duplicate";
  if (!isHandledStripeEventType(event.type)) return "ignored";
  // Stored and handed over all the same: its run fails into a dead letter naming the version.
  const version = apiVersionSupport(event.api_version);
  if (!version.supported) logger().warn({ correlationId: event.id, apiVersion: event.api_version }, version.reason);
  try {
    await dispatchStripeEvent(event);
    return "accepted";
  } catch (error) {
    logger().warn({ err: error, correlationId: event.id }, "hand-over to Inngest failed; the sweeper will dispatch it");
    return "queued";
  }
}
