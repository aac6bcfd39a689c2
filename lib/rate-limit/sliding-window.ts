// Sliding-window rate limiting (the weighted two-window approximation): smooth like a sliding
// log, but two counters per key. Each route class has its own budget, so a dashboard burst never
// spends the webhook route's.
import type { RateLimitStore } from "./store";

export interface RateLimitPolicy {
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window rolls over. */
  resetSeconds: number;
  /** Seconds to wait before trying again (when refused). */
  retryAfterSeconds: number;
}

/** Records `cost` hits (one unless told, e.g. the increments a batch carries) for `identity` and decides whether they fit the budget. */
export async function checkRateLimit(store: RateLimitStore, policy: RateLimitPolicy, identity: string, now = Date.now(), cost = 1): Promise<RateLimitDecision> {
  return decide(store, policy, identity, now, Math.max(1, Math.floor(cost)));
}

/** Whether one more hit would fit the budget, recording nothing (for budgets only failures spend). */
export async function peekRateLimit(store: RateLimitStore, policy: RateLimitPolicy, identity: string, now = Date.now()): Promise<RateLimitDecision> {
  return decide(store, policy, identity, now, 0);
}

async function decide(store: RateLimitStore, policy: RateLimitPolicy, identity: string, now: number, cost: number): Promise<RateLimitDecision> {
  const windowStart = Math.floor(now / policy.windowMs) * policy.windowMs;
  const elapsed = (now - windowStart) / policy.windowMs;
  const counts = await store.hit(`${policy.name}:${identity}`, windowStart, policy.windowMs, cost);
  // A peek judges the hit it stands in for, as if it had been recorded.
  const current = counts.current + (cost === 0 ? 1 : 0);
  const previous = counts.previous;
  const estimated = previous * (1 - elapsed) + current;
  const allowed = estimated <= policy.limit;
  const resetSeconds = Math.max(1, Math.ceil((windowStart + policy.windowMs - now) / 1000));
  // Refused: wait until enough of the previous window has slid out to make room for one more.
  const retryAfterSeconds = allowed
    ? 0
    : previous > 0 && current <= policy.limit
      ? Math.max(1, Math.ceil(((estimated - policy.limit) / previous) * (policy.windowMs / 1000)))
      : resetSeconds;
  return { allowed, limit: policy.limit, remaining: Math.max(0, Math.floor(policy.limit - estimated)), resetSeconds, retryAfterSeconds };
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(decision.limit),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(decision.resetSeconds),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
