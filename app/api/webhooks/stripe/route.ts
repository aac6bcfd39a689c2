// Serves POST /api/webhooks/stripe: verifies Stripe's signature, stores the event once and hands
// it to Inngest. No business logic runs in the request.
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { readBodyWithLimit } from "@/lib/http/read-body";
import { acceptStripeEvent } from "@/lib/webhooks/accept-stripe-event";
import { verifyStripeWebhook } from "@/lib/webhooks/verify-stripe-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Stripe's payloads are well under this; anything larger is not a Stripe event. */
const MAX_BODY_BYTES = 512 * 1024;

export async function POST(request: Request): Promise<Response> {
  try {
    const rawBody = await readBodyWithLimit(request, MAX_BODY_BYTES);
    const event = verifyStripeWebhook(rawBody, request.headers.get("stripe-signature"));
    const outcome = await acceptStripeEvent(event);
    return Response.json({ received: true, id: event.id, outcome });
  } catch (error) {
    return errorResponse(error);
  }
}

function methodNotAllowed(): Response {
  return errorResponse(new AppError("method_not_allowed", "Use POST to deliver Stripe webhooks."), { Allow: "POST" });
}

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
