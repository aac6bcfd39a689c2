// The sweeper, every minute: the owner of hand-overs to Inngest that never arrived or whose run
// never finished. Hands over accepted Stripe events still waiting, hands over again those whose run
// was lost (a dead letter after a few tries), and finishes dead-letter replays left half-way.
import { inngest } from "@/inngest/client";
import { recoverStaleReplays } from "@/lib/dead-letters/recover-stale-replays";
import { dispatchPendingStripeEvents } from "@/lib/webhooks/dispatch-stripe-event";
import { redispatchStalledStripeEvents } from "@/lib/webhooks/redispatch-stalled-events";

export const dispatchPendingStripeEventsFunction = inngest.createFunction(
  { id: "dispatch-pending-stripe-events", name: "Dispatch pending Stripe events", triggers: [{ cron: "* * * * *" }], retries: 2 },
  async ({ step }) => {
    const pending = await step.run("dispatch-pending", () => dispatchPendingStripeEvents({ olderThanMs: 30_000 }));
    const stalled = await step.run("redispatch-stalled", () => redispatchStalledStripeEvents());
    const replays = await step.run("recover-stale-replays", () => recoverStaleReplays());
    return { pending, stalled, replays };
  },
);
