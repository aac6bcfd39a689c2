// Retry policies per job type, in one place. Inngest's own backoff table is fixed, so each
// failed attempt schedules the next one itself (RetryAfterError) from the policy's schedule.
// These are the defaults; admins may override them (lib/jobs/retry-policy-store.ts), so Inngest's
// `retries` is a fixed cap and the stored policy decides when a run gives up.

export const jobTypes = ["payment", "notification", "invoice-sync", "customer-sync", "maintenance"] as const;

export type JobType = (typeof jobTypes)[number];

/** The most attempts a policy may allow: Inngest accepts at most 20 retries per function. */
export const MAX_POLICY_ATTEMPTS = 20 as const;

/** Inngest's `retries` for every policy-driven function: the cap, so any stored policy fits. */
export const INNGEST_RETRY_CAP = 19 as const;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  strategy: "exponential" | "fixed";
  /** Delay before attempt 2, 3, …; the last entry repeats if attempts outnumber it. */
  scheduleMs: number[];
}

const MINUTE = 60_000;

export const defaultRetryPolicies: Record<JobType, RetryPolicy> = {
  // Payments: few, widely spaced attempts (1 min → 5 min → 25 min), then dead letter and alert.
  payment: { maxAttempts: 3, strategy: "exponential", scheduleMs: [1 * MINUTE, 5 * MINUTE, 25 * MINUTE] },
  // Notifications are cheap and idempotent: keep trying for about a day.
  notification: { maxAttempts: 10, strategy: "exponential", scheduleMs: [30_000, MINUTE, 2 * MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 3 * 60 * MINUTE, 6 * 60 * MINUTE] },
  // Applying Stripe state: a transient database or API hiccup, retried quickly at first.
  "invoice-sync": { maxAttempts: 5, strategy: "exponential", scheduleMs: [10_000, MINUTE, 5 * MINUTE, 25 * MINUTE] },
  "customer-sync": { maxAttempts: 5, strategy: "exponential", scheduleMs: [10_000, MINUTE, 5 * MINUTE, 25 * MINUTE] },
  maintenance: { maxAttempts: 3, strategy: "fixed", scheduleMs: [MINUTE] },
};

/** Tests and the demo shrink every delay by this factor (RETRY_DELAY_SCALE, default 1). */
function delayScale(): number {
  const raw = Number(process.env.RETRY_DELAY_SCALE ?? "1");
  return Number.isFinite(raw) && raw > 0 ? raw : 1;
}

/** The default policy (synchronous); runs use `loadRetryPolicy`, which honours admin changes. */
export function retryPolicyFor(jobType: JobType): RetryPolicy {
  return defaultRetryPolicies[jobType];
}

/** Inngest's `retries` option: attempts after the first. */
export function inngestRetries(policy: RetryPolicy): number {
  return Math.min(INNGEST_RETRY_CAP, Math.max(0, policy.maxAttempts - 1));
}

/**
 * Delay before the attempt after `failedAttempt` (0-based, as Inngest counts), or null when
 * the policy is exhausted. A server-requested wait (Stripe's Retry-After) is a floor.
 */
export function nextRetryDelayMs(policy: RetryPolicy, failedAttempt: number, retryAfterMs = 0): number | null {
  if (failedAttempt + 1 >= policy.maxAttempts) return null;
  const schedule = policy.scheduleMs;
  const base = schedule[Math.min(failedAttempt, schedule.length - 1)] ?? 0;
  return Math.max(Math.round(base * delayScale()), retryAfterMs);
}

/** The whole schedule, for envelopes and the settings page. */
export function describeBackoff(policy: RetryPolicy) {
  return {
    strategy: policy.strategy,
    maxAttempts: policy.maxAttempts,
    delaysMs: Array.from({ length: policy.maxAttempts - 1 }, (_, i) => nextRetryDelayMs(policy, i) ?? 0),
  };
}
