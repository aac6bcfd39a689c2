// The backfill window from what a person types (CLI flags or the support form): a start time
// or a number of hours back, and optionally an end time.
import { AppError } from "@/lib/errors/app-error";

export interface WindowInput {
  since?: string;
  hours?: string;
  until?: string;
}

function parseInstant(value: string, flag: string): Date {
  // Date-only or offset-less strings are read as UTC: a support engineer's laptop time zone must not shift the window.
  const withZone = /(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : /T/.test(value) ? `${value}Z` : `${value}T00:00:00Z`;
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) throw new AppError("invalid_input", `The ${flag} "${value}" is not a date (use ISO 8601, e.g. 2026-11-01T00:00:00Z).`);
  return date;
}

export function parseBackfillWindow(input: WindowInput, now: Date): { since: Date; until?: Date } {
  if (Boolean(input.since) === Boolean(input.hours)) {
    throw new AppError("invalid_input", "Give either a start time (since) or a number of hours, not both.");
  }
  const until = input.until ? parseInstant(input.until, "end time") : undefined;
  if (input.since) return { since: parseInstant(input.since, "start time"), until };
  const hours = Number(input.hours);
  if (!Number.isFinite(hours) || hours <= 0) throw new AppError("invalid_input", `The number of hours ("${input.hours}") must be a positive number.`);
  return { since: new Date((until ?? now).getTime() - hours * 3_600_000), until };
}
