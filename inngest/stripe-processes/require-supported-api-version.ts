// Checked by every Stripe event function before its process (inngest/stripe-event-function.ts):
// an event of an API version Ledgerline does not read fails at once, into a dead letter whose
// reason names the version, instead of being applied misread.
import { NonRetriableError } from "inngest";
import { apiVersionSupport } from "@/lib/stripe/api-version";
import type { StripeEvent } from "@/lib/stripe/schemas";

export function requireSupportedApiVersion(stripeEvent: Pick<StripeEvent, "id" | "api_version">): void {
  const support = apiVersionSupport(stripeEvent.api_version);
  if (!support.supported) throw new NonRetriableError(`${stripeEvent.id}: ${support.reason}`);
}
