// Transient Stripe errors (429, 5xx, timeouts, connection drops) are retried by the job's policy,
// so they only reach the dead-letter queue once every attempt failed; bad requests are not.
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { classifyError } from "@/lib/jobs/classify-error";

const raw = (statusCode: number, extra: Record<string, unknown> = {}) => ({ message: "stripe said no", statusCode, ...extra });

describe("transient Stripe errors are retried", () => {
  it.each([
    ["429 rate limit", new Stripe.errors.StripeRateLimitError(raw(429, { headers: { "retry-after": "2" } })), 2000],
    ["500 API error", new Stripe.errors.StripeAPIError(raw(500)), 0],
    ["503 API error", new Stripe.errors.StripeAPIError(raw(503)), 0],
    ["connection dropped or timed out", new Stripe.errors.StripeConnectionError(raw(0)), 0],
  ])("%s is retriable", (_, error, retryAfterMs) => {
    expect(classifyError(error)).toEqual({ retriable: true, retryAfterMs });
  });

  it.each([
    ["400 invalid request", new Stripe.errors.StripeInvalidRequestError(raw(400))],
    ["401 bad key", new Stripe.errors.StripeAuthenticationError(raw(401))],
  ])("%s is not retried", (_, error) => {
    expect(classifyError(error).retriable).toBe(false);
  });
});
