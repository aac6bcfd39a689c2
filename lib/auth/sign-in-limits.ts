// Sign-in attempts: limited per client IP, and failures per account, so neither a rotating
// address nor a rotating X-Forwarded-For buys more password guesses. The account check runs
// before bcrypt, so a locked account costs no hashing either.
import { clientIp, limitRequest, peekLimit, rateLimitHeaders } from "@/lib/rate-limit/limits";
import type { RateLimitDecision } from "@/lib/rate-limit/sliding-window";
import { SIGN_IN_RATE_LIMITED } from "@/lib/auth/sign-in-error";

/** The account an email names: how users are looked up (trimmed, lower case). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whether this account may try another password now. */
export async function signInAllowed(email: string): Promise<boolean> {
  return (await peekLimit("signInFailures", normalizeEmail(email))).allowed;
}

export async function recordFailedSignIn(email: string): Promise<void> {
  await limitRequest("signInFailures", normalizeEmail(email));
}

/** A 429 for a sign-in attempt over its address's budget or for a locked account, else null. */
export async function signInRefusal(request: Request): Promise<Response | null> {
  const budget = await limitRequest("anonymous", `signin:${clientIp(request)}`);
  if (!budget.allowed) return signInRateLimited(request, budget);
  const email = await submittedEmail(request);
  if (!email) return null;
  const account = await peekLimit("signInFailures", normalizeEmail(email));
  return account.allowed ? null : signInRateLimited(request, account);
}

/**
 * A 429 next-auth's client can read: it takes the error from the `url` it is given (a body
 * without one makes `signIn()` throw), so the form can say why instead of failing silently.
 */
function signInRateLimited(request: Request, decision: RateLimitDecision): Response {
  const url = new URL("/signin", request.url);
  url.searchParams.set("error", SIGN_IN_RATE_LIMITED);
  return Response.json(
    { url: url.toString(), error: { code: "rate_limited", message: `Too many sign-in attempts. Try again in ${decision.retryAfterSeconds} second(s).` } },
    { status: 429, headers: rateLimitHeaders(decision) },
  );
}

async function submittedEmail(request: Request): Promise<string | null> {
  if (!request.headers.get("content-type")?.includes("application/x-www-form-urlencoded")) return null;
  // A clone: next-auth reads the body itself afterwards.
  const email = new URLSearchParams(await request.clone().text()).get("email");
  return email || null;
}
