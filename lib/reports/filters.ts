// The filters of a report page, read from the URL: date range, granularity, currency, tenant.
// Shared by the pages and the CSV route so both compute exactly the same figures.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

export const granularities = ["day", "week", "month"] as const;
export type Granularity = (typeof granularities)[number];

// Date.parse rolls 2026-02-31 over to March 3, so a real date is one that survives the round trip.
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-01-31")
  .refine((v) => {
    const time = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === v;
  }, "is not a real date (no such day in that month)");

const filterSchema = z
  .object({
    from: isoDay.optional(),
    to: isoDay.optional(),
    by: z.enum(granularities).optional(),
    currency: z.string().regex(/^[a-z]{3}$/, "must be a lowercase currency code such as usd").optional(),
    tenant: z.string().regex(/^[a-z0-9-]{1,64}$/, "must be a tenant slug").optional(),
  });

export interface ReportFilters {
  from: string;
  to: string;
  by: Granularity;
  currency?: string;
  tenant?: string;
}

/** The longest range a report accepts, in days (ten years of daily rollups). */
export const MAX_RANGE_DAYS = 3_660;
const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

type Params = Record<string, string | string[] | undefined>;

/** Parses the URL's filters; bad input is a 400 naming the parameter. Default: the last 90 days, by week. */
export function parseReportFilters(params: Params, now = new Date()): ReportFilters {
  const single = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== undefined && v !== ""));
  const result = filterSchema.safeParse(single);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError("invalid_input", `Filter “${issue?.path.join(".")}” ${issue?.message ?? "is invalid"}.`);
  }
  const to = result.data.to ?? today(now);
  const from = result.data.from ?? addDays(to, -89);
  if (from > to) throw new AppError("invalid_input", "The start date must not be after the end date.");
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS > MAX_RANGE_DAYS) throw new AppError("invalid_input", `A report covers at most ${MAX_RANGE_DAYS} days.`);
  return { from, to, by: result.data.by ?? "week", currency: result.data.currency, tenant: result.data.tenant };
}

/** The filters as URL query parameters (without empty ones). */
export function filtersToQuery(filters: Partial<ReportFilters>): string {
  const params = new URLSearchParams();
  for (const key of ["tenant", "from", "to", "by", "currency"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params.toString();
}
