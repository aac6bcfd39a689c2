// The explorer's filters, read from the URL (page, JSON route, bulk replay alike) and written
// back to it, so a filtered view is a link support can share.
import { z } from "zod";
import { decodeCursor, INVALID_CURSOR_MESSAGE } from "./cursor";

export const envelopeStatuses = ["open", "replayed", "resolved", "discarded"] as const;
export type EnvelopeStatusFilter = (typeof envelopeStatuses)[number];

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

const day = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.iso.date("must be a real date (YYYY-MM-DD)").optional())
  .optional();

const uuid = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.uuid("must be an id").optional())
  .optional();

export const dlqFilterSchema = z.object({
  status: z
    .string()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.enum(envelopeStatuses).optional())
    .optional(),
  jobType: text(100).pipe(z.string().regex(/^[a-z0-9-]+$/, "must be a job type such as stripe-invoice-paid").optional()),
  tenant: uuid,
  reason: text(200),
  from: day,
  to: day,
  /** An invoice, customer or Stripe event id (or an invoice number). */
  q: text(200),
  /** Words anywhere in the payload's string values. */
  text: text(200),
  /** A SQL/JSON path the payload must match, e.g. $.stripeEvent.data.object.amount_due ? (@ > 1000) */
  path: text(500),
  group: uuid,
});

export type DlqFilter = z.output<typeof dlqFilterSchema>;

export const filterKeys = ["status", "jobType", "tenant", "reason", "from", "to", "q", "text", "path", "group"] as const satisfies readonly (keyof DlqFilter)[];

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function single(params: RawParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

export type ParsedFilter = { ok: true; filter: DlqFilter; after?: string } | { ok: false; errors: Record<string, string> };

/** Reads the filter (and the keyset cursor `after`) from URL parameters; a broken cursor is an error, not the first page. */
export function parseDlqFilter(params: RawParams): ParsedFilter {
  const raw = Object.fromEntries(filterKeys.map((key) => [key, single(params, key)]));
  const parsed = dlqFilterSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "filter"), issue.message])) };
  }
  if (parsed.data.from && parsed.data.to && parsed.data.from > parsed.data.to) {
    return { ok: false, errors: { to: "must not be before the start date" } };
  }
  const after = single(params, "after") || undefined;
  if (after && !decodeCursor(after)) return { ok: false, errors: { after: INVALID_CURSOR_MESSAGE } };
  return { ok: true, filter: parsed.data, after };
}

/** One sentence for rejected filters: a broken page link by itself, else each field and its problem. */
export function describeFilterErrors(errors: Record<string, string>): string {
  if (errors.after) return `The page link ${errors.after}.`;
  return `Some filters are not valid: ${Object.entries(errors).map(([field, problem]) => `${field} ${problem}`).join("; ")}.`;
}

/** The query string of a filter (without the cursor), for links and the JSON route. */
export function filterToQuery(filter: DlqFilter, extra: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filter[key];
    if (value) search.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) search.set(key, value);
  return search.toString();
}

export function isFiltered(filter: DlqFilter): boolean {
  return filterKeys.some((key) => Boolean(filter[key]));
}
