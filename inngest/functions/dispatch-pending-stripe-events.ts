// The inbox sweeper: every minute, hands Inngest any accepted Stripe event whose first
// hand-over failed, so accepted always means eventually processed.
import { inngest } from "@/inngest/client";
import { dispatchPendingStripeEvents } from "@/lib/webhooks/dispatch-stripe-event";

export const dispatchPendingStripeEventsFunction = inngest.createFunction(
  { id: "dispatch-pending-stripe-events", name: "Dispatch pending Stripe events", triggers: [{ cron: "* * * * *" }], retries: 2 },
  async ({ step }) => step.run("dispatch-pending", () => dispatchPendingStripeEvents({ olderThanMs: 30_000 })),
);
