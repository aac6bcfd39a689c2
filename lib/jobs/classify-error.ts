// Decides whether retrying can fix an error, and how long the other side asked us to wait.
import Stripe from "stripe";
import { ZodError } from "zod";
import { isAppError } from "@/lib/errors/app-error";

export interface ErrorClass {
  retriable: boolean;
  /** A wait the server asked for (Stripe's Retry-After on 429), in ms. */
  retryAfterMs: number;
}

function retryAfterHeaderMs(error: InstanceType<typeof Stripe.errors.StripeError>): number {
  const raw = error.headers?.["retry-after"];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

export function classifyError(error: unknown): ErrorClass {
  if (error instanceof ZodError) return { retriable: false, retryAfterMs: 0 };
  if (isAppError(error)) return { retriable: error.code === "unavailable" || error.code === "rate_limited", retryAfterMs: 0 };
  if (error instanceof Stripe.errors.StripeError) {
    if (error instanceof Stripe.errors.StripeRateLimitError || error.statusCode === 429) {
      return { retriable: true, retryAfterMs: retryAfterHeaderMs(error) };
    }
    // Bad requests, missing objects, bad keys and permissions: the same call fails again.
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError ||
      error instanceof Stripe.errors.StripeAuthenticationError ||
      error instanceof Stripe.errors.StripePermissionError ||
      error instanceof Stripe.errors.StripeIdempotencyError ||
      error instanceof Stripe.errors.StripeCardError
    ) {
      return { retriable: false, retryAfterMs: 0 };
    }
    return { retriable: true, retryAfterMs: 0 };
  }
  return { retriable: true, retryAfterMs: 0 };
}
