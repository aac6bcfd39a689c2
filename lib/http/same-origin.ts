// CSRF protection for route handlers that mutate on a session cookie: the browser's Origin (or
// Referer) must be this app. Server actions get the same check from Next itself; API-key and
// signature-authenticated routes carry no cookie and need none.
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";

export function assertSameOrigin(request: Request): void {
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  const allowed = new Set([new URL(request.url).origin, new URL(getEnv().appUrl).origin]);
  if (!source || !allowed.has(new URL(source).origin)) {
    throw new AppError("forbidden", "This request did not come from Ledgerline's own pages.");
  }
}
