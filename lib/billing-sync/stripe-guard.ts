// Every Stripe call the sync makes goes through here: a token from the per-process bucket (below
// Stripe's rate limit), then the circuit breaker (cockatiel) that opens after consecutive
// failures and lets a trial call through after a cool-down. A 429 is not lost: the call waits
// for Retry-After (pausing the bucket for everyone) and is sent again with the same idempotency key.
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from "cockatiel";
import Stripe from "stripe";
import { getEnv, stripeRateLimitPerSecond } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/logging/logger";
import { TokenBucket } from "./token-bucket";

export interface StripeGuardOptions {
  ratePerSecond: number;
  /** Consecutive failures (5xx, timeouts, connection errors) that open the breaker. */
  failureThreshold: number;
  /** Cool-down before a trial call (half-open). */
  halfOpenAfterMs: number;
  /** 429 retries per call before giving up on it for this run. */
  maxRateLimitRetries: number;
}

export interface StripeGuardStats {
  calls: number;
  rateLimited: number;
  failures: number;
}

function isRateLimit(error: unknown): error is InstanceType<typeof Stripe.errors.StripeError> {
  return error instanceof Stripe.errors.StripeError && (error instanceof Stripe.errors.StripeRateLimitError || error.statusCode === 429);
}

/** Failures that say "Stripe is not answering", as opposed to "this request is wrong". */
export function isStripeOutage(error: unknown): boolean {
  if (isRateLimit(error)) return false;
  if (error instanceof Stripe.errors.StripeConnectionError || error instanceof Stripe.errors.StripeAPIError) return true;
  if (error instanceof Stripe.errors.StripeError) return (error.statusCode ?? 0) >= 500;
  return !(error instanceof AppError);
}

function retryAfterMs(error: InstanceType<typeof Stripe.errors.StripeError>): number {
  const raw = error.headers?.["retry-after"];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}

export class StripeGuard {
  readonly bucket: TokenBucket;
  readonly breaker: CircuitBreakerPolicy;
  readonly stats: StripeGuardStats = { calls: 0, rateLimited: 0, failures: 0 };

  constructor(readonly options: StripeGuardOptions) {
    this.bucket = new TokenBucket({ ratePerSecond: options.ratePerSecond });
    this.breaker = circuitBreaker(handleWhen(isStripeOutage), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.failureThreshold),
    });
    this.breaker.onStateChange((state) => logger().warn({ state: CircuitState[state] }, "Stripe circuit breaker changed state"));
  }

  get state(): "closed" | "open" | "half-open" {
    const state = this.breaker.state;
    if (state === CircuitState.Closed) return "closed";
    return state === CircuitState.HalfOpen ? "half-open" : "open";
  }

  /** Runs one Stripe call under the budget and the breaker. */
  async call<T>(name: string, work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.bucket.acquire();
      this.stats.calls++;
      try {
        return await this.breaker.execute(work);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new AppError("unavailable", "Stripe is unreachable (circuit open); pending changes stay queued.", { call: name });
        }
        if (isRateLimit(error) && attempt < this.options.maxRateLimitRetries) {
          this.stats.rateLimited++;
          this.bucket.pause(retryAfterMs(error));
          continue;
        }
        if (isStripeOutage(error)) this.stats.failures++;
        throw error;
      }
    }
  }
}

const key = Symbol.for("ledgerline.stripe-guard");
type GlobalWithGuard = typeof globalThis & { [key]?: StripeGuard };

export function defaultStripeGuardOptions(): StripeGuardOptions {
  return { ratePerSecond: stripeRateLimitPerSecond(getEnv()), failureThreshold: 5, halfOpenAfterMs: 30_000, maxRateLimitRetries: 8 };
}

/** The process's guard: one budget and one breaker shared by every sync run in this process. */
export function stripeGuard(): StripeGuard {
  const g = globalThis as GlobalWithGuard;
  g[key] ??= new StripeGuard(defaultStripeGuardOptions());
  return g[key];
}

/** Replaces the guard (tests and benchmarks tune thresholds and cool-downs). */
export function setStripeGuard(guard: StripeGuard | undefined): void {
  (globalThis as GlobalWithGuard)[key] = guard;
}
