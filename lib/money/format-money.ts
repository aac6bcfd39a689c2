// Money is stored as integer minor units; this is the only place it becomes text.
// The decimal string is built from the integer so no float ever touches an amount.

// Stripe's minor units per currency (docs.stripe.com/currencies): every other currency is
// two-decimal in Stripe's API, even where ISO 4217 or Intl say otherwise (IDR, HUF, ISK, TWD).
const STRIPE_ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);
const STRIPE_THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

/** How many decimal digits one unit of `currency` has in Stripe's amounts (IDR 2, JPY 0, KWD 3). */
export function currencyFractionDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  if (STRIPE_THREE_DECIMAL.has(code)) return 3;
  return 2;
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

// Building an Intl.NumberFormat is costly and tables format many amounts: one per locale,
// currency and decimals.
const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(locale: string, currency: string, fractionDigits?: { min: number; max: number }): Intl.NumberFormat {
  const key = `${locale}|${currency}|${fractionDigits?.min ?? ""}|${fractionDigits?.max ?? ""}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = fractionDigits ? { minimumFractionDigits: fractionDigits.min, maximumFractionDigits: fractionDigits.max } : {};
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency, ...digits });
    formatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(minor: number | bigint, currency: string, locale = "en-US"): string {
  const decimal = minorUnitsToDecimalString(minor, currency);
  const digits = currencyFractionDigits(currency);
  const code = currency.toUpperCase();
  // The locale's usual decimals for whole amounts (IDR 500,000,000; $5.00); every Stripe decimal
  // as soon as there is a fraction, so no amount is ever rounded for display.
  const usualMinimum = currencyFormatter(locale, code).resolvedOptions().minimumFractionDigits ?? digits;
  const whole = /^-?\d+(\.0*)?$/.test(decimal);
  const formatter = currencyFormatter(locale, code, { min: whole ? Math.min(usualMinimum, digits) : digits, max: digits });
  // Intl formats decimal strings exactly (no float conversion).
  return formatter.format(decimal as unknown as number);
}
