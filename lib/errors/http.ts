// Turns any thrown error into a JSON response a person can read. Unknown errors never leak
// their internals: they become a 500 with a generic message, and are logged first with a
// correlation id the response carries too, so support can find the log line from what the
// caller saw.
import { logger } from "@/lib/logging/logger";
import { AppError, errorCodes, isAppError } from "./app-error";

export interface ErrorContext {
  /** The Stripe event id, when the request carried a verified event; else a request id is made. */
  correlationId?: string;
}

export function errorResponse(error: unknown, headers?: HeadersInit, context: ErrorContext = {}): Response {
  if (isAppError(error)) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.details ?? {}) } },
      { status: errorCodes[error.code], headers },
    );
  }
  const correlationId = context.correlationId ?? crypto.randomUUID();
  logger().error({ err: error, correlationId }, "request failed");
  const responseHeaders = new Headers(headers);
  responseHeaders.set("x-correlation-id", correlationId);
  const internal = new AppError("internal", "Something went wrong on our side.");
  return Response.json({ error: { code: internal.code, message: internal.message, correlationId } }, { status: errorCodes.internal, headers: responseHeaders });
}
