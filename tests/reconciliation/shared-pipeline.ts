// The setup the reconciliation tests share: one pipeline for the file, and a fresh Stripe guard
// before each test, loose enough that the guard itself is never what a test measures.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { StripeGuard, setStripeGuard } from "@/lib/billing-sync/stripe-guard";
import { startPipeline, type Pipeline } from "../support/pipeline-harness";

/** Registers the file's hooks (call it at the top level); the returned function gives the running pipeline inside tests. */
export function sharedPipeline(): () => Pipeline {
  let pipeline: Pipeline | undefined;
  beforeAll(async () => {
    pipeline = await startPipeline();
  });
  afterAll(async () => {
    setStripeGuard(undefined);
    await pipeline?.close();
  });
  beforeEach(() => {
    setStripeGuard(new StripeGuard({ ratePerSecond: 1000, failureThreshold: 3, halfOpenAfterMs: 100, maxRateLimitRetries: 2 }));
  });
  return () => {
    if (!pipeline) throw new Error("The pipeline is not started yet: call it inside a test");
    return pipeline;
  };
}
