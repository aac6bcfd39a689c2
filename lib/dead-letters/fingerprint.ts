// A failure's root cause, told apart from the job that met it: the normalized reason (the SQL
// function dlq_reason_key) plus what the reason concerns (below). The same cause met by
// stripe-invoice-created, -updated and -finalized is one issue.

const CUSTOMER_ID = /(?:^|[^A-Za-z0-9_])(cus_[A-Za-z0-9_]+)/;
const CUSTOMER_WITHOUT_TENANT = /(cannot be assigned to a tenant|not mapped to a tenant|could not be found)/i;
const STRIPE_STATUS = /\b(429|5\d\d)\b/;

/**
 * What a failure reason concerns, when that is part of its cause (the migration backfill uses the
 * same patterns): the Stripe customer that has no tenant, or the status Stripe answered — so one
 * Stripe outage is one issue across customers, and one unmapped customer one issue of its own.
 */
export function subjectOf(reason: string): string | null {
  const customer = reason.match(CUSTOMER_ID)?.[1];
  if (customer && CUSTOMER_WITHOUT_TENANT.test(reason)) return customer.toLowerCase();
  const status = reason.match(STRIPE_STATUS)?.[1];
  if (status && /\bstripe\b/i.test(reason)) return `http_${status}`;
  return null;
}

export type CauseKind = "unmapped_customer" | "invalid_payload" | "stripe_unavailable" | "other";

/** What kind of cause a reason describes: it decides which fix the issue offers. */
export function causeKindOf(reason: string): CauseKind {
  if (subjectOf(reason)?.startsWith("cus_")) return "unmapped_customer";
  if (/^Invalid (invoice|customer|subscription)\b/i.test(reason) || /payload is not valid/i.test(reason)) return "invalid_payload";
  if (/\b(429|rate limit|timed? ?out|50[0-4]|ECONNRESET|ECONNREFUSED|circuit|breaker)\b/i.test(reason)) return "stripe_unavailable";
  return "other";
}

const TITLE_LIMIT = 160;

/** The reason's first sentence; a longer one is shortened at a word boundary, never mid-word. */
function firstSentence(reason: string): string {
  const text = reason.replace(/\s+/g, " ").trim();
  const sentence = text.match(/^.+?[.!?](?=\s|$)/)?.[0] ?? text;
  if (sentence.length <= TITLE_LIMIT) return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  const cut = sentence.slice(0, TITLE_LIMIT + 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > 40 ? cut.slice(0, lastSpace) : cut.slice(0, TITLE_LIMIT)).replace(/[\s,;:]+$/, "")}…`;
}

/** An issue's title: one whole sentence saying what is wrong. */
export function issueTitle(sampleReason: string, subject: string | null): string {
  if (subject && causeKindOf(sampleReason) === "unmapped_customer") return `Stripe customer ${subject} is not mapped to a tenant.`;
  return firstSentence(sampleReason);
}
