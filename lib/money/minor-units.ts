// Money is stored as BIGINT minor units (Stripe's amounts are 64-bit) and read back by Prisma as
// `bigint`. The app computes, renders and serializes numbers, so every read passes through here:
// an amount a JS number cannot hold exactly is refused with its value, never rounded.

/** The largest amount the app handles exactly: 9,007,199,254,740,991 minor units. */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;

export class MinorUnitsOutOfRangeError extends RangeError {
  constructor(readonly value: bigint | number) {
    super(
      `The amount ${String(value)} minor units is beyond the largest amount Ledgerline handles exactly ` +
        `(±${MAX_MINOR_UNITS.toLocaleString("en-US")}).`,
    );
    this.name = "MinorUnitsOutOfRangeError";
  }
}

/** Whether `value` is a whole number of minor units within ±MAX_MINOR_UNITS. */
export function isSafeMinorUnits(value: bigint | number): boolean {
  if (typeof value === "number") return Number.isSafeInteger(value);
  return value <= BigInt(MAX_MINOR_UNITS) && value >= -BigInt(MAX_MINOR_UNITS);
}

/** A stored amount as a number, or MinorUnitsOutOfRangeError when it cannot be one exactly. */
export function toMinorUnits(value: bigint | number): number {
  if (!isSafeMinorUnits(value)) throw new MinorUnitsOutOfRangeError(value);
  return Number(value);
}

/** A nullable stored amount (an aggregate over no rows, an optional column) as a number or null. */
export function toMinorUnitsOrNull(value: bigint | number | null): number | null {
  return value === null ? null : toMinorUnits(value);
}

/**
 * unit × quantity in minor units, computed exactly; null when the product is beyond what the app
 * handles (the caller refuses the object with its own reason).
 */
export function multiplyMinorUnits(unitAmount: bigint | number, quantity: bigint | number): number | null {
  if (!isSafeMinorUnits(unitAmount) || !isSafeMinorUnits(quantity)) return null;
  const product = BigInt(unitAmount) * BigInt(quantity);
  return isSafeMinorUnits(product) ? Number(product) : null;
}

type WithMinorUnits<T> = {
  [K in keyof T]: T[K] extends bigint ? number : T[K] extends bigint | null ? number | null : T[K];
};

/** A row read from a money table with its BIGINT columns (top level) as numbers. */
export function withMinorUnits<T extends object>(row: T): WithMinorUnits<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === "bigint" ? toMinorUnits(value) : value;
  return out as WithMinorUnits<T>;
}
