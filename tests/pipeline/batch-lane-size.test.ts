// The batch lane's batch size follows STRIPE_EVENT_BATCH_SIZE: Inngest refuses to register a
// function whose batch is larger than the plan allows, so an operator on a smaller plan sets it.
import { expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.STRIPE_EVENT_BATCH_SIZE = "5";
});

it("registers the batch lane with the configured batch size", async () => {
  const { applyStripeEventBatchFunction } = await import("@/inngest/functions/apply-stripe-event-batch");
  expect(applyStripeEventBatchFunction.opts.batchEvents).toEqual({ maxSize: 5, timeout: "1s" });
});
