// The rate-limit budgets of each class of route, and the store they count in. Stripe's webhook
// deliveries have their own budget, apart from the dashboard's and the APIs'.
import Redis from "ioredis";
import { getEnv } from "@/lib/config/env";
import { logger } from "@/lib/logging/logger";
import { checkRateLimit, peekRateLimit, rateLimitHeaders, type RateLimitDecision, type RateLimitPolicy } from "./sliding-window";
import { FallbackRateLimitStore, MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from "./store";

const MINUTE = 60_000;

export type RateLimitPolicyName = "webhook" | "unsignedWebhook" | "api" | "usageRequests" | "usageIncrements" | "dashboard" | "anonymous" | "signInFailures";

/** Budgets per minute, from the environment (RATE_LIMIT_*_PER_MINUTE). */
export function rateLimitPolicies(): Record<RateLimitPolicyName, RateLimitPolicy> {
  const env = getEnv();
  return {
    // Stripe's deliveries: one generous budget reserved for the webhook route.
    webhook: { name: "webhook", limit: env.RATE_LIMIT_WEBHOOK_PER_MINUTE, windowMs: MINUTE },
    // Webhook requests refused before that budget (bad signature or body), per client IP.
    unsignedWebhook: { name: "webhook-unsigned", limit: env.RATE_LIMIT_UNSIGNED_WEBHOOK_PER_MINUTE, windowMs: MINUTE },
    // Authenticated API calls, per tenant and API key.
    api: { name: "api", limit: env.RATE_LIMIT_API_PER_MINUTE, windowMs: MINUTE },
    // POST /api/usage, per tenant and API key: a request budget (a batch is one request) and an
    // increments budget (what the requests carry), so batching is rewarded and a flood still stops.
    usageRequests: { name: "usage-requests", limit: env.RATE_LIMIT_USAGE_REQUESTS_PER_MINUTE, windowMs: MINUTE },
    usageIncrements: { name: "usage-increments", limit: env.RATE_LIMIT_USAGE_INCREMENTS_PER_MINUTE, windowMs: MINUTE },
    // Dashboard JSON reads (live refresh), per user.
    dashboard: { name: "dashboard", limit: env.RATE_LIMIT_DASHBOARD_PER_MINUTE, windowMs: MINUTE },
    // Anonymous routes such as sign-in, per client IP.
    anonymous: { name: "anonymous", limit: env.RATE_LIMIT_SIGNIN_PER_MINUTE, windowMs: MINUTE },
    // Failed sign-ins per account, whichever addresses they come from.
    signInFailures: { name: "signin-failures", limit: env.RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT, windowMs: 15 * MINUTE },
  };
}

const key = Symbol.for("ledgerline.rate-limit-store");
type GlobalWithStore = typeof globalThis & { [key]?: RateLimitStore };

export function rateLimitStore(): RateLimitStore {
  const g = globalThis as GlobalWithStore;
  if (!g[key]) {
    const url = getEnv().REDIS_URL;
    g[key] = url ? new FallbackRateLimitStore(new RedisRateLimitStore(redisClient(url)), logger()) : new MemoryRateLimitStore();
  }
  return g[key];
}

function redisClient(url: string): Redis {
  // Fail fast while Redis is away (the store counts in memory meanwhile) and keep reconnecting.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000 });
  // Connection errors surface through the store's own warning; this stops ioredis printing each retry.
  redis.on("error", () => undefined);
  return redis;
}

/** Replaces the store (tests). */
export function setRateLimitStore(store: RateLimitStore | undefined): void {
  (globalThis as GlobalWithStore)[key] = store;
}

/**
 * Counts this request — as `cost` hits, e.g. the increments a usage batch carries — against
 * `policy` for `identity`. With Redis unreachable the store counts in this process instead
 * (FallbackRateLimitStore): a limit never turns into no limit.
 */
export async function limitRequest(policy: RateLimitPolicyName, identity: string, cost = 1): Promise<RateLimitDecision> {
  return checkRateLimit(rateLimitStore(), rateLimitPolicies()[policy], identity, Date.now(), cost);
}

/** Whether `identity` could spend one more of `policy` now, without spending it. */
export async function peekLimit(policy: RateLimitPolicyName, identity: string): Promise<RateLimitDecision> {
  return peekRateLimit(rateLimitStore(), rateLimitPolicies()[policy], identity);
}

export function tooManyRequests(decision: RateLimitDecision, what = "Too many requests."): Response {
  return Response.json(
    { error: { code: "rate_limited", message: `${what} Try again in ${decision.retryAfterSeconds} second(s).` } },
    { status: 429, headers: rateLimitHeaders(decision) },
  );
}

/**
 * The client's address, counted `hops` trusted proxies in from the right of X-Forwarded-For.
 * The rightmost entry is the address on this server's socket: docker/append-socket-address.mjs
 * appends it (npm start and the container load it), and Next itself writes it only when the
 * header is absent. Each trusted proxy appends the address it saw, so with N of them the entry N
 * from the right is the client's; anything further left is the client's own say and never used.
 */
export function clientIp(request: Request, hops = getEnv().TRUSTED_PROXY_HOPS): string {
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[Math.max(0, entries.length - 1 - hops)] ?? "unknown";
}

export { rateLimitHeaders };
