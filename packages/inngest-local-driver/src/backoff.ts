// How long to wait: retry backoff, Retry-After answers and Inngest time strings ("1h30m", ISO dates).

export interface BackoffPolicy {
  /** Delay before the first retry; doubles on each later attempt. */
  baseMs: number;
  /** Ceiling of the delay. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 10 * 60_000 };

/**
 * Exponential backoff with "equal jitter": half of the delay is fixed, half random, so retries of
 * many runs failing together spread out without ever retrying immediately.
 */
export function retryDelayMs(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** An Inngest time string ("300ms", "2h45m", "1.5d") in milliseconds, or undefined if it is not one. */
export function parseTimeString(value: string): number | undefined {
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    total += Number(match[1]) * UNIT_MS[match[2]];
    matched = pattern.lastIndex;
  }
  return matched > 0 && matched === value.length ? total : undefined;
}

/** A sleep target: a time string relative to `now` or an absolute ISO 8601 date. */
export function resolveWakeTime(duration: string, now: Date): Date | undefined {
  const relative = parseTimeString(duration);
  if (relative !== undefined) return new Date(now.getTime() + relative);
  const absolute = Date.parse(duration);
  return Number.isNaN(absolute) ? undefined : new Date(absolute);
}

/** `Retry-After`: delay seconds, an HTTP-date or (Inngest's extension) an RFC 3339 date. */
export function parseRetryAfter(value: string | null, now: Date): Date | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return new Date(now.getTime() + Number(trimmed) * 1_000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : new Date(date);
}
