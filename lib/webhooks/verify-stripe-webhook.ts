// Verifies a Stripe webhook's signature on the raw body, then parses and validates it. Nothing
// is written before this succeeds.
import Stripe from "stripe";
import { AppError } from "@/lib/errors/app-error";
import { getStripe, getWebhookSecret } from "@/lib/stripe/client";
import { stripeEventSchema, type StripeEvent } from "@/lib/stripe/schemas";

/** Stripe's own default: a signature older than five minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function verifyStripeWebhook(rawBody: string, signatureHeader: string | null): StripeEvent {
  if (!signatureHeader) {
    throw new AppError("invalid_signature", "Missing Stripe-Signature header: this endpoint only accepts webhooks signed by Stripe.");
  }
  let parsed: unknown;
  try {
    // Checks the signature on the raw bytes first, then parses them.
    parsed = getStripe().webhooks.constructEvent(rawBody, signatureHeader, getWebhookSecret(), SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const detail = /timestamp/i.test(error.message) ? " (its timestamp is outside the tolerance)" : "";
      throw new AppError("invalid_signature", `The Stripe-Signature header does not match this request${detail}.`);
    }
    throw new AppError("invalid_input", "The request body is not valid JSON.");
  }
  // PostgreSQL's jsonb cannot hold NUL characters: refuse them here rather than fail on insert.
  if (rawBody.includes("\\u0000")) throw new AppError("invalid_input", "The event contains a NUL character, which cannot be stored.");
  const result = stripeEventSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError("invalid_input", `The body is not a Stripe event: ${issue?.path.join(".") || "body"} ${issue?.message ?? "is invalid"}.`);
  }
  return result.data;
}
