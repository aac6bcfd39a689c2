// Serves POST /api/webhooks/stripe: verifies Stripe's signature, stores the event once and hands
// it to Inngest. No business logic runs in the request.
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { logger } from "@/lib/logging/logger";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { clientIp, limitRequest, rateLimitHeaders, tooManyRequests } from "@/lib/rate-limit/limits";
import { acceptStripeEvent } from "@/lib/webhooks/accept-stripe-event";
import { verifyStripeWebhook } from "@/lib/webhooks/verify-stripe-webhook";
import type { StripeEvent } from "@/lib/stripe/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Stripe's payloads are well under this; anything larger is not a Stripe event. */
const MAX_BODY_BYTES = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  // The signature is checked first (one HMAC): only Stripe's own deliveries spend the reserved
  // budget, and anything refused counts against its sender's address instead.
  let event: StripeEvent;
  try {
    event = verifyStripeWebhook(await readBodyWithLimit(request, MAX_BODY_BYTES), request.headers.get("stripe-signature"));
  } catch (error) {
    const refused = await limitRequest("unsignedWebhook", clientIp(request));
    return refused.allowed ? errorResponse(error, rateLimitHeaders(refused)) : tooManyRequests(refused);
  }
  // Stripe's deliveries spend their own reserved budget, never the dashboard's.
  const budget = await limitRequest("webhook", "stripe");
  if (!budget.allowed) return tooManyRequests(budget);
  const headers = rateLimitHeaders(budget);
  try {
    const outcome = await acceptStripeEvent(event);
    logger().info({ correlationId: event.id, type: event.type, outcome }, "stripe webhook accepted");
    return Response.json({ received: true, id: event.id, outcome }, { headers });
  } catch (error) {
    // The event is verified: a failure from here on is logged under its id.
    return errorResponse(error, headers, { correlationId: event.id });
  }
}

function methodNotAllowed(): Response {
  return errorResponse(new AppError("method_not_allowed", "Use POST to deliver Stripe webhooks."), { Allow: "POST" });
}

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
