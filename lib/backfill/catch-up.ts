// The scheduled safety net: re-checks the last few hours of Stripe events so an endpoint outage
// shorter than that heals without anyone noticing. Overlapping windows are harmless: events
// already in the inbox are skipped.
import { backfillStripeEvents, type BackfillReport } from "./backfill-stripe-events";

export const CATCH_UP_HOURS = 3;

export function runStripeCatchUp(now = new Date()): Promise<BackfillReport> {
  return backfillStripeEvents({ since: new Date(now.getTime() - CATCH_UP_HOURS * 3_600_000), now, actor: "system:cron", source: "cron" });
}
