// Converting database sums to numbers: BIGINT sums arrive as strings (pg) or bigints (PGlite).
// Minor units stay integers; anything beyond the safe integer range is an error, not a rounding.

export function toInteger(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "bigint" ? Number(value) : typeof value === "string" ? Number(value) : (value as number);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not a safe integer figure: ${String(value)}`);
  return n;
}

export function toDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

/** A share in basis points (1/100 of a percent), integer arithmetic only. */
export function basisPoints(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 10_000) / whole);
}
