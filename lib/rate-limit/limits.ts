// The rate-limit budgets of each class of route, and the store they count in. Stripe's webhook
// deliveries have their own budget, apart from the dashboard's and the APIs'.
import Redis from "ioredis";
import { getEnv } from "@/lib/config/env";
import { logger } from "@/lib/logging/logger";
import { checkRateLimit, rateLimitHeaders, type RateLimitDecision, type RateLimitPolicy } from "./sliding-window";
import { MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from "./store";

const MINUTE = 60_000;

export type RateLimitPolicyName = "webhook" | "api" | "dashboard" | "anonymous";

/** Budgets per minute, from the environment (RATE_LIMIT_*_PER_MINUTE). */
export function rateLimitPolicies(): Record<RateLimitPolicyName, RateLimitPolicy> {
  const env = getEnv();
  return {
    // Stripe's deliveries: one generous budget reserved for the webhook route.
    webhook: { name: "webhook", limit: env.RATE_LIMIT_WEBHOOK_PER_MINUTE, windowMs: MINUTE },
    // Authenticated API calls, per tenant and API key.
    api: { name: "api", limit: env.RATE_LIMIT_API_PER_MINUTE, windowMs: MINUTE },
    // Dashboard JSON reads (live refresh), per user.
    dashboard: { name: "dashboard", limit: env.RATE_LIMIT_DASHBOARD_PER_MINUTE, windowMs: MINUTE },
    // Anonymous routes such as sign-in, per client IP.
    anonymous: { name: "anonymous", limit: env.RATE_LIMIT_SIGNIN_PER_MINUTE, windowMs: MINUTE },
  };
}

const key = Symbol.for("ledgerline.rate-limit-store");
type GlobalWithStore = typeof globalThis & { [key]?: RateLimitStore };

export function rateLimitStore(): RateLimitStore {
  const g = globalThis as GlobalWithStore;
  if (!g[key]) {
    const url = getEnv().REDIS_URL;
    g[key] = url ? new RedisRateLimitStore(new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false })) : new MemoryRateLimitStore();
  }
  return g[key];
}

/** Replaces the store (tests). */
export function setRateLimitStore(store: RateLimitStore | undefined): void {
  (globalThis as GlobalWithStore)[key] = store;
}

/**
 * Counts this request against `policy` for `identity`. A store failure lets the request through
 * (and is logged): an unavailable Redis must not take the product down with it.
 */
export async function limitRequest(policy: RateLimitPolicyName, identity: string): Promise<RateLimitDecision> {
  const spec = rateLimitPolicies()[policy];
  try {
    return await checkRateLimit(rateLimitStore(), spec, identity);
  } catch (error) {
    logger().warn({ err: error, policy }, "rate limit store unavailable; allowing the request");
    return { allowed: true, limit: spec.limit, remaining: spec.limit, resetSeconds: Math.ceil(spec.windowMs / 1000), retryAfterSeconds: 0 };
  }
}

export function tooManyRequests(decision: RateLimitDecision): Response {
  return Response.json(
    { error: { code: "rate_limited", message: `Too many requests. Try again in ${decision.retryAfterSeconds} second(s).` } },
    { status: 429, headers: rateLimitHeaders(decision) },
  );
}

/** The client's address as the nearest proxy reports it. */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

export { rateLimitHeaders };
