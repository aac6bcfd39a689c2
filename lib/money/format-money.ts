// Money is stored as integer minor units; this is the only place it becomes text.
// The decimal string is built from the integer so no float ever touches an amount.

const fractionDigitsCache = new Map<string, number>();

export function currencyFractionDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = fractionDigitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en-US", { style: "currency", currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
    fractionDigitsCache.set(code, digits);
  }
  return digits;
}

/** "12345" minor units of "usd" → "123.45"; of "jpy" → "12345". */
export function minorUnitsToDecimalString(minor: number | bigint, currency: string): string {
  if (typeof minor === "number" && !Number.isSafeInteger(minor)) {
    throw new RangeError(`Money amounts must be integers of minor units, got ${minor}`);
  }
  const digits = currencyFractionDigits(currency);
  const value = BigInt(minor);
  const negative = value < BigInt(0);
  const magnitude = (negative ? -value : value).toString().padStart(digits + 1, "0");
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = digits > 0 ? `.${magnitude.slice(magnitude.length - digits)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

export function formatMoney(minor: number | bigint, currency: string, locale = "en-US"): string {
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
  // Intl formats decimal strings exactly (no float conversion).
  return formatter.format(minorUnitsToDecimalString(minor, currency) as unknown as number);
}
