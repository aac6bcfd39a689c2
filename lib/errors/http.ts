// Turns any thrown error into a JSON response a person can read. Unknown errors never leak
// their internals: they become a 500 with a generic message.
import { AppError, errorCodes, isAppError } from "./app-error";

export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const appError = isAppError(error) ? error : new AppError("internal", "Something went wrong on our side.");
  return Response.json(
    { error: { code: appError.code, message: appError.message, ...(appError.details ?? {}) } },
    { status: errorCodes[appError.code], headers },
  );
}
