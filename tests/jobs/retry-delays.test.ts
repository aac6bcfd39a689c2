// Retry delays per job type: the schedule each policy follows, its end, and Stripe's Retry-After.
import { afterEach, describe, expect, it, vi } from "vitest";
import { defaultRetryPolicies, describeBackoff, inngestRetries, INNGEST_RETRY_CAP, nextRetryDelayMs, type RetryPolicy } from "@/lib/jobs/retry-policies";

const MINUTE = 60_000;
const payment = defaultRetryPolicies.payment;
const custom: RetryPolicy = { maxAttempts: 5, strategy: "exponential", scheduleMs: [1_000, 2_000] };

afterEach(() => vi.unstubAllEnvs());

describe("nextRetryDelayMs", () => {
  it.each<[string, RetryPolicy, number, number, number | null]>([
    ["payment: after the first failure, 1 min", payment, 0, 0, 1 * MINUTE],
    ["payment: after the second failure, 5 min", payment, 1, 0, 5 * MINUTE],
    ["payment: the third failure exhausts 3 attempts", payment, 2, 0, null],
    ["a short schedule repeats its last entry", custom, 3, 0, 2_000],
    ["the last attempt gets no delay", custom, 4, 0, null],
    ["Retry-After longer than the schedule wins", custom, 0, 30_000, 30_000],
    ["Retry-After shorter than the schedule is a floor only", custom, 1, 500, 2_000],
    ["a one-attempt policy never retries", { maxAttempts: 1, strategy: "fixed", scheduleMs: [MINUTE] }, 0, 0, null],
    ["notifications: the ninth failure waits 6 h", defaultRetryPolicies.notification, 8, 0, 6 * 60 * MINUTE],
  ])("%s", (_name, policy, failedAttempt, retryAfterMs, expected) => {
    expect(nextRetryDelayMs(policy, failedAttempt, retryAfterMs)).toBe(expected);
  });

  it.each<[string, number, number]>([
    ["RETRY_DELAY_SCALE shrinks every delay", 0.001, 10],
    ["an unreadable scale counts as 1", Number.NaN, 10_000],
    ["a negative scale counts as 1", -2, 10_000],
  ])("%s", (_name, scale, expected) => {
    vi.stubEnv("RETRY_DELAY_SCALE", String(scale));
    expect(nextRetryDelayMs(defaultRetryPolicies["invoice-sync"], 0)).toBe(expected);
  });
});

describe("inngestRetries and describeBackoff", () => {
  it.each<[number, number]>([
    [1, 0],
    [3, 2],
    [20, INNGEST_RETRY_CAP],
    [50, INNGEST_RETRY_CAP],
  ])("%i attempts → %i Inngest retries", (maxAttempts, expected) => {
    expect(inngestRetries({ ...custom, maxAttempts })).toBe(expected);
  });

  it("lists one delay per retry", () => {
    expect(describeBackoff(payment)).toEqual({ strategy: "exponential", maxAttempts: 3, delaysMs: [1 * MINUTE, 5 * MINUTE] });
  });
});
